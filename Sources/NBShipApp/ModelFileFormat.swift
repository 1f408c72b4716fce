import BoosterReader
import Foundation
import NBCore

/// What a model file is, decided by its content, never by its extension.
public enum ModelFileFormat: Equatable, Sendable {
    case pmml
    case onnx
    case xgboostJSON
    case xgboostUBJSON
    case lightgbmText
    /// A file nbship does not read: what it appears to be, and what to do instead.
    case other(what: String, help: String)

    /// The formats nbship reads, for messages.
    static let readable =
        "PMML, ONNX tree ensembles, XGBoost JSON or UBJSON (`save_model`) and LightGBM text (`save_model`)"

    /// Looks at the first bytes (after a BOM and white space for the text formats). The file name only breaks a
    /// tie: content nothing recognises, in a file named `.pmml` or `.xml`, goes to the XML reader, whose error says
    /// exactly where it stops being XML.
    public static func detect(_ data: Data, fileName: String = "") -> ModelFileFormat {
        let format = detectContent(data)
        let ext = (fileName as NSString).pathExtension.lowercased()
        if case .other = format, ["pmml", "xml"].contains(ext), !isBinary(data) { return .pmml }
        return format
    }

    static func isBinary(_ data: Data) -> Bool { data.prefix(512).contains(0) }

    static func detectContent(_ data: Data) -> ModelFileFormat {
        let bytes = [UInt8](data.prefix(4096))
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        let head = Array(bytes[start...])
        let text = String(decoding: head.prefix(512), as: UTF8.self)
        if head.isEmpty { return .other(what: "an empty file", help: "export the model again") }
        if head[0] == UInt8(ascii: "<") {
            return .pmml
        }
        if head[0] == UInt8(ascii: "{") {
            // UBJSON objects open with `{` too, followed by a length marker and the first key.
            if XGBoostReader.looksLikeUBJSON(Data(head)) { return .xgboostUBJSON }
            if text.contains("\"nbformat\"") || text.contains("\"cells\"") {
                return .other(
                    what: "a Jupyter notebook",
                    help: "the notebook is the first argument: `nbship convert notebook.ipynb --model model.json`")
            }
            return .xgboostJSON
        }
        if text.hasPrefix("tree\n") || text.hasPrefix("tree\r\n") || text.hasPrefix("version=v") {
            return .lightgbmText
        }
        if bytes.starts(with: [0x1F, 0x8B]) {
            return .other(what: "a gzip-compressed file", help: "decompress it first (`gunzip`)")
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return .other(
                what: "a zip archive (perhaps a saved Keras, PyTorch or MOJO model)",
                help: "export the model as PMML (sklearn2pmml), ONNX (skl2onnx) or the booster's own format")
        }
        if bytes.count >= 2, bytes[0] == 0x80, (2...5).contains(bytes[1]) {
            return .other(
                what: "a Python pickle (pickle.dump or joblib.dump)",
                help: "nbship never unpickles: save boosters with `save_model(\"model.json\")`, or export scikit-learn "
                    + "models with sklearn2pmml or skl2onnx")
        }
        if isONNX(bytes) { return .onnx }
        return .other(what: "not a model file nbship recognises", help: "nbship reads \(readable)")
    }

    /// An ONNX ModelProto starts with field 1 (`ir_version`, a varint) and names the `onnx` or `ai.onnx` domain or
    /// an exporter near the start.
    static func isONNX(_ bytes: [UInt8]) -> Bool {
        guard bytes.first == 0x08 else { return false }
        let text = String(decoding: bytes, as: UTF8.self)
        return ["onnx", "skl2onnx", "pytorch", "tf2onnx", "onnxmltools"].contains { text.contains($0) }
    }
}
