import Foundation
import NBShipApp
import Testing

/// Model files are recognised by content; the name only breaks a tie for text nothing recognises.
@Suite("Model file formats by content")
struct ModelFileFormatTests {
    @Test("Each sample's model file, whatever its extension")
    func samples() throws {
        let expected: [String: ModelFileFormat] = [
            "diabetes-linear/model.pmml": .pmml, "wine-xgboost-json/model.json": .xgboostJSON,
            "breast-cancer-xgboost-ubj/model.ubj": .xgboostUBJSON, "iris-lightgbm-text/model.txt": .lightgbmText,
        ]
        for (path, format) in expected {
            let data = try Data(contentsOf: TestPaths.root.appendingPathComponent("Samples/\(path)"))
            #expect(ModelFileFormat.detect(data, fileName: "model.bin") == format, "\(path)")
        }
    }

    @Test("Other files are named by what they are")
    func others() throws {
        func what(_ bytes: [UInt8], _ name: String = "model") -> String? {
            if case .other(let what, _) = ModelFileFormat.detect(Data(bytes), fileName: name) { return what }
            return nil
        }
        let notebook = try Data(
            contentsOf: TestPaths.sample("diabetes-linear").appendingPathComponent("notebook.ipynb"))
        #expect(what([UInt8](notebook))?.contains("notebook") == true)
        #expect(what([0x80, 0x04, 0x95])?.contains("pickle") == true)
        #expect(what([0x1F, 0x8B, 0x08])?.contains("gzip") == true)
        #expect(what([0x50, 0x4B, 0x03, 0x04])?.contains("zip") == true)
        #expect(what([])?.contains("empty") == true)
        #expect(what(Array("hello".utf8))?.contains("not a model file") == true)
        // Text nothing recognises, named .pmml: the XML reader says where it stops being XML.
        #expect(ModelFileFormat.detect(Data("hello".utf8), fileName: "m.pmml") == .pmml)
        #expect(ModelFileFormat.detect(Data([0xEF, 0xBB, 0xBF] + Array("  <PMML/>".utf8))) == .pmml)
        var onnx: [UInt8] = [0x08, 0x0A, 0x12, 0x08]
        onnx += Array("skl2onnx".utf8)
        #expect(ModelFileFormat.detect(Data(onnx)) == .onnx)
    }
}
