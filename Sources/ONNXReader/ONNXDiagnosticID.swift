/// The stable ids of the diagnostics the ONNX reader emits. Never rename one.
public enum ONNXDiagnosticID {
    /// The file is not a valid ONNX protobuf (error).
    public static let syntax = "onnx.syntax"
    /// The graph is not as ONNX defines it: a missing attribute, an unknown value name, arrays of other lengths
    /// (error, naming the node).
    public static let invalid = "onnx.invalid"
    /// A node, input or attribute nbship cannot translate faithfully (error, naming the node, its op type and domain).
    public static let unsupported = "onnx.unsupported"
}
