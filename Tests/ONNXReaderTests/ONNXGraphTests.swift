import Foundation
import NBCore
import SwiftProtobuf
import Testing

@testable import ONNXReader

/// Graphs built here node by node, in the forms other exporters write them (typed tensor fields next to
/// `raw_data`, the default domain as "ai.onnx", Constant nodes), checked against values computed by hand in float32.
@Suite("ONNX graphs: preprocessing, linear models and refusals")
struct ONNXGraphTests {
    static func floatTensor(_ name: String, _ values: [Float], dims: [Int64], raw: Bool) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dataType = 1
        tensor.dims = dims
        if raw {
            var data = Data()
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            tensor.rawData = data
        } else {
            tensor.floatData = values
        }
        return tensor
    }

    static func node(
        _ op: String, _ inputs: [String], _ outputs: [String], domain: String = "",
        _ attributes: [Onnx_AttributeProto] = []
    ) -> Onnx_NodeProto {
        var node = Onnx_NodeProto()
        node.opType = op
        node.input = inputs
        node.output = outputs
        node.domain = domain
        node.name = outputs.first ?? op
        node.attribute = attributes
        return node
    }

    static func floats(_ name: String, _ values: [Float]) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = .floats
        attribute.floats = values
        return attribute
    }

    static func tensorAttribute(_ name: String, _ tensor: Onnx_TensorProto) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = .tensor
        attribute.t = tensor
        return attribute
    }

    /// X [N, 3] -> Sub(offset, raw_data) -> Mul(Constant scale, typed floats) -> LinearRegressor.
    static func model(extraNodes: [Onnx_NodeProto] = [], output: String = "y") -> Data {
        var graph = Onnx_GraphProto()
        var input = Onnx_ValueInfoProto()
        input.name = "X"
        var type = Onnx_TypeProto.Tensor()
        type.elemType = 1
        var batch = Onnx_TensorShapeProto.Dimension()
        batch.dimParam = "N"
        var width = Onnx_TensorShapeProto.Dimension()
        width.dimValue = 3
        type.shape.dim = [batch, width]
        input.type.tensorType = type
        graph.input = [input]
        graph.initializer = [floatTensor("offset", [1.5, -2, 0.25], dims: [3], raw: true)]
        graph.node =
            [
                node(
                    "Constant", [], ["scale"], domain: "ai.onnx",
                    [
                        tensorAttribute("value", floatTensor("", [0.1, 3, 1], dims: [1, 3], raw: false))
                    ]),
                node("Sub", ["X", "offset"], ["centred"]),
                node("Mul", ["centred", "scale"], ["scaled"]),
                node(
                    "LinearRegressor", ["scaled"], ["y"], domain: "ai.onnx.ml",
                    [floats("coefficients", [0.7, -1.3, 2.1]), floats("intercepts", [0.05])]),
            ] + extraNodes
        var out = Onnx_ValueInfoProto()
        out.name = output
        graph.output = [out]
        var model = Onnx_ModelProto()
        model.irVersion = 8
        model.graph = graph
        return try! model.serializedData()
    }

    @Test("Sub and Mul by constants, then LinearRegressor: float32 steps and onnxruntime's fma order")
    func linearPipeline() throws {
        let imported = try ONNXReader.read(data: Self.model(), file: "hand.onnx")
        #expect(imported.inputs.map(\.name) == ["x0", "x1", "x2"])
        #expect(imported.derivedFields.map(\.name) == ["scaled(x0)", "scaled(x1)", "scaled(x2)"])
        guard case .linear(let linear) = imported.model else {
            Issue.record("not a linear model: \(imported.model)")
            return
        }
        #expect(linear.fusedMultiplyAdd == true && linear.numeric == .float)
        let (built, _) = try SpecBuilder().build(SpecBuilder.Request(notebook: nil, model: imported, name: "hand"))
        let spec = try #require(
            built.renamingInputs([
                "x0": "age", "x1": "bmi", "x2": "bp",
            ]))
        #expect(spec.derivedFields.map(\.name) == ["scaled(age)", "scaled(bmi)", "scaled(bp)"])
        let x: [Float] = [3.3, -0.7, 12.5]
        let offset: [Float] = [1.5, -2, 0.25]
        let scale: [Float] = [0.1, 3, 1]
        let coefficients: [Float] = [0.7, -1.3, 2.1]
        var sum: Float = 0
        for i in 0..<3 { sum = sum.addingProduct(coefficients[i], (x[i] - offset[i]) * scale[i]) }
        let expected = Double(sum + 0.05)
        let result = try SpecEvaluator(spec: spec).evaluate([
            "age": .number(3.3), "bmi": .number(-0.7), "bp": .number(12.5),
        ])
        #expect(result.prediction == expected)
    }

    @Test("Nodes nbship does not translate are refused by name, op type and domain, all at once")
    func refusals() throws {
        let data = Self.model(
            extraNodes: [
                Self.node("TopK", ["y", "k"], ["top"]),
                Self.node("SVMRegressor", ["scaled"], ["svm"], domain: "ai.onnx.ml"),
            ], output: "top")
        #expect {
            _ = try ONNXReader.read(data: data, file: "hand.onnx")
        } throws: { error in
            let messages = (error as? DiagnosticError)?.diagnostics.map(\.message) ?? []
            return messages.contains { $0.contains("node 'top' (TopK, domain ai.onnx)") }
                && messages.contains { $0.contains("(SVMRegressor, domain ai.onnx.ml) is not one nbship translates") }
        }
    }

    @Test("A node without an output is invalid, not a crash (found by fuzz-onnx)")
    func nodeWithoutOutput() throws {
        var model = try Onnx_ModelProto(serializedBytes: Self.model())
        model.graph.node[1].output = []
        #expect {
            _ = try ONNXReader.read(data: try model.serializedData(), file: "hand.onnx")
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.contains {
                $0.id == ONNXDiagnosticID.invalid && $0.message.contains("has no output")
            } == true
        }
    }

    @Test("A raw_data tensor of the wrong length is invalid, naming the initializer")
    func badTensor() throws {
        var model = try Onnx_ModelProto(serializedBytes: Self.model())
        model.graph.initializer[0].rawData = Data([1, 2, 3])
        #expect {
            _ = try ONNXReader.read(data: try model.serializedData(), file: "hand.onnx")
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.contains {
                $0.id == ONNXDiagnosticID.invalid && $0.message.contains("the initializer 'offset'")
            } == true
        }
    }
}
