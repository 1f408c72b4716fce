import Foundation
import NBCore
import Testing

@testable import BoosterReader

@Suite("UBJSON and JSON as XGBoost writes them")
struct TreeJSONTests {
    /// `{` + key + value, with UBJSON's int8 length markers.
    static func key(_ text: String) -> [UInt8] { [UInt8(ascii: "i"), UInt8(text.utf8.count)] + Array(text.utf8) }

    @Test("Typed, counted and open containers, every number type")
    func containers() throws {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes +=
            Self.key("f") + [UInt8(ascii: "["), UInt8(ascii: "$"), UInt8(ascii: "d"), UInt8(ascii: "#")]
            + [UInt8(ascii: "i"), 2] + [0x3F, 0x80, 0x00, 0x00] + [0xC0, 0x00, 0x00, 0x00]
        bytes +=
            Self.key("n") + [UInt8(ascii: "["), UInt8(ascii: "#"), UInt8(ascii: "i"), 3]
            + [UInt8(ascii: "i"), 0xFF] + [UInt8(ascii: "I"), 0x01, 0x00] + [UInt8(ascii: "L")] + [
                0, 0, 0, 1, 0, 0, 0, 0,
            ]
        bytes += Self.key("s") + [UInt8(ascii: "S"), UInt8(ascii: "U"), 2] + Array("hi".utf8)
        bytes +=
            Self.key("o") + [
                UInt8(ascii: "["), UInt8(ascii: "N"), UInt8(ascii: "T"), UInt8(ascii: "Z"), UInt8(ascii: "]"),
            ]
        bytes += Self.key("d") + [UInt8(ascii: "D"), 0x3F, 0xB9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A]
        bytes += [UInt8(ascii: "}")]
        let value = try TreeJSON.parseUBJSON(Data(bytes), maxDepth: 8)
        #expect(value["f"]?.array?.compactMap(\.float) == [1, -2])
        #expect(value["n"]?.array?.compactMap(\.int) == [-1, 256, 1 << 32])
        #expect(value["s"]?.string == "hi")
        #expect(value["o"]?.array?.count == 2)
        if case .double(let d)? = value["d"] { #expect(d == 0.1) } else { Issue.record("no double") }
    }

    @Test("Truncated, unknown markers, impossible counts and deep nesting are errors with an offset")
    func hostile() {
        let cases: [([UInt8], String)] = [
            ([UInt8(ascii: "{")] + Self.key("abc").dropLast(), "does not fit"),
            ([UInt8(ascii: "{")] + Self.key("abc"), "ends in the middle"),
            ([UInt8(ascii: "?")], "unknown UBJSON marker"),
            ([UInt8(ascii: "["), UInt8(ascii: "#"), UInt8(ascii: "l"), 0x7F, 0xFF, 0xFF, 0xFF], "does not fit"),
            (Array(repeating: UInt8(ascii: "["), count: 40), "deeper than"),
            ([UInt8(ascii: "T"), UInt8(ascii: "T")], "extra bytes"),
        ]
        for (bytes, says) in cases {
            do {
                _ = try TreeJSON.parseUBJSON(Data(bytes), maxDepth: 16)
                Issue.record("\(bytes) was accepted")
            } catch {
                #expect(error.message.contains(says), "\(error.message)")
                #expect(error.offset != nil)
            }
        }
    }

    @Test("A JSON number is read as float32 from its decimal, rounded once")
    func floatsFromJSON() throws {
        let value = try TreeJSON.parseJSON(Data(#"{"a": [0.1, 2.29, 7.064581E-3, 16777217, 1e-45]}"#.utf8), maxDepth: 8)
        let floats = value["a"]?.array?.compactMap(\.float) ?? []
        #expect(floats == [Float("0.1")!, Float("2.29")!, Float("7.064581E-3")!, Float("16777217")!, Float("1e-45")!])
    }
}

@Suite("LightGBM's split rules as conditions")
struct LightGBMSplitTests {
    /// Evaluates a condition the three-valued way, for one field.
    static func goesLeft(_ condition: Condition, _ x: Double?) -> Bool {
        func eval(_ c: Condition) -> Bool? {
            switch c {
            case .true: return true
            case .false: return false
            case .simple(_, let op, let value):
                if op == .isMissing { return x == nil }
                if op == .isNotMissing { return x != nil }
                guard let x, let t = Double(value ?? "") else { return nil }
                switch op {
                case .lessThan: return x < t
                case .lessOrEqual: return x <= t
                case .greaterThan: return x > t
                case .greaterOrEqual: return x >= t
                default: return nil
                }
            case .compound(let op, let parts):
                let values = parts.map(eval)
                switch op {
                case .and: return values.contains(false) ? false : (values.contains(nil) ? nil : true)
                case .or: return values.contains(true) ? true : (values.contains(nil) ? nil : false)
                default: return nil
                }
            case .simpleSet: return nil
            }
        }
        return eval(condition) ?? false
    }

    /// LightGBM's Tree::NumericalDecision, transcribed.
    static func lightgbm(_ x: Double?, threshold: Double, decision: Int) -> Bool {
        var value = x ?? .nan
        // The predictor stores only values beyond the zero threshold; the rest are 0.
        if abs(value) <= LightGBMReader.zeroThreshold { value = 0 }
        let missingType = (decision >> 2) & 3
        if value.isNaN && missingType != 2 { value = 0 }
        let zero = value >= -LightGBMReader.zeroThreshold && value <= LightGBMReader.zeroThreshold
        if (missingType == 1 && zero) || (missingType == 2 && value.isNaN) { return decision & 2 != 0 }
        return value <= threshold
    }

    @Test("A categorical split's set: truncation toward zero, so -0.5 is category 0; NaN and negatives go right")
    func categories() {
        // Bits 0, 3 and 33: categories 0, 3 and 33.
        let condition = LightGBMReader.inCategories(field: "x", bitset: [0b1001, 0b10])
        let lefts: [Double?] = [0, -0.5, 0.99, 3, 3.7, 33, 33.2]
        let rights: [Double?] = [nil, -1, -1.5, 1, 2.99, 4, 32.5, 34, 1e10]
        for x in lefts { #expect(Self.goesLeft(condition, x), "\(String(describing: x))") }
        for x in rights { #expect(!Self.goesLeft(condition, x), "\(String(describing: x))") }
        #expect(LightGBMReader.inCategories(field: "x", bitset: [0]) == .false)
    }

    @Test("Every missing type and default direction, at and around the threshold, zero and missing")
    func decisions() throws {
        for decision in [0, 2, 4, 6, 8, 10] {
            let z = LightGBMReader.zeroThreshold
            for threshold in [-1.5, 0.0, 1e-36, -1e-36, z, -z, z.nextDown, (-z).nextUp, 2.75] {
                let condition = try #require(
                    LightGBMReader.goesLeft(field: "x", threshold: threshold, decision: decision))
                let values: [Double?] = [
                    nil, 0, -0.0, 1e-36, -1e-36, 2e-35, threshold, threshold.nextDown, threshold.nextUp, -3, 3, z, -z,
                    z.nextUp, (-z).nextDown,
                ]
                for x in values {
                    #expect(
                        Self.goesLeft(condition, x) == Self.lightgbm(x, threshold: threshold, decision: decision),
                        "decision \(decision), threshold \(threshold), x \(String(describing: x))")
                }
            }
        }
        #expect(LightGBMReader.goesLeft(field: "x", threshold: 1, decision: 12) == nil)
    }

    @Test("A header without trees, a bad objective and broken categorical splits are refused with their line")
    func refusals() {
        let header = "tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nmax_feature_idx=0\n"
        let cases: [(String, String, String)] = [
            (header + "objective=regression\nfeature_names=a\n", BoosterDiagnosticID.lightgbmSyntax, "no trees"),
            (
                header + "objective=multiclassova num_class:3\nfeature_names=a\n",
                BoosterDiagnosticID.lightgbmUnsupported,
                "multiclassova"
            ),
            (
                header + "objective=regression\nfeature_names=a\n\nTree=0\nnum_leaves=2\nnum_cat=1\n",
                BoosterDiagnosticID.lightgbmSyntax, "leaf_value"
            ),
            (
                header + "objective=regression\nfeature_names=a\n\nTree=0\nnum_leaves=2\nnum_cat=1\nsplit_feature=0\n"
                    + "threshold=3\ndecision_type=1\nleft_child=-1\nright_child=-2\nleaf_value=1 2\ncat_boundaries=0 1\n"
                    + "cat_threshold=5\n", BoosterDiagnosticID.lightgbmSyntax, "outside cat_boundaries"
            ),
            ("hello\n", BoosterDiagnosticID.lightgbmSyntax, "header"),
        ]
        for (text, id, says) in cases {
            do {
                _ = try LightGBMReader.read(data: Data(text.utf8), file: "m.txt")
                Issue.record("accepted: \(text)")
            } catch {
                let found = error.diagnostics.first { $0.id == id }
                #expect(found?.message.contains(says) == true, "\(error.diagnostics.map(\.message))")
            }
        }
    }
}

@Suite("XGBoost models")
struct XGBoostReaderTests {
    /// A one-tree model: split on feature 0 at 0.5, leaves -1 and 2.
    static func model(
        objective: String, baseScore: String, numClass: Int = 0, names: String? = "[\"a\", \"b\"]"
    )
        -> Data
    {
        let tree = """
            {"left_children": [1, -1, -1], "right_children": [2, -1, -1], "split_indices": [0, 0, 0],
             "split_conditions": [0.5, -1.0, 2.0], "default_left": [1, 0, 0], "split_type": [0, 0, 0],
             "tree_param": {"size_leaf_vector": "1"}}
            """
        let groups = max(numClass, 1)
        let trees = Array(repeating: tree, count: groups).joined(separator: ",")
        let info = (0..<groups).map(String.init).joined(separator: ",")
        let namesField = names.map { "\"feature_names\": \($0)," } ?? ""
        return Data(
            """
            {"version": [3, 2, 0], "learner": {\(namesField)
              "learner_model_param": {"base_score": "\(baseScore)", "num_class": "\(numClass)", "num_feature": "2",
                                      "num_target": "1"},
              "objective": {"name": "\(objective)"},
              "gradient_booster": {"name": "gbtree", "model": {"trees": [\(trees)], "tree_info": [\(info)]}}}}
            """.utf8)
    }

    @Test("base_score in output space becomes the margin: logit for logistic, log for Poisson, per class for softmax")
    func baseMargins() throws {
        func margins(_ model: ImportedModel) -> [Double] {
            var found: [Double] = []
            func visit(_ body: ModelBody) {
                guard case .ensemble(let ensemble) = body else { return }
                if let initial = ensemble.initialScore { found.append(initial) }
                ensemble.segments.forEach { visit($0.model) }
            }
            visit(model.model)
            return found
        }
        let logistic = try XGBoostReader.read(
            data: Self.model(objective: "binary:logistic", baseScore: "[6.2676054E-1]"), file: "m.json", binary: false)
        #expect(margins(logistic) == [Double(-Foundation.log(Float(1) / Float("6.2676054E-1")! - 1))])
        #expect(logistic.target?.classes == ["0", "1"])
        let poisson = try XGBoostReader.read(
            data: Self.model(objective: "count:poisson", baseScore: "2.5"), file: "m.json", binary: false)
        #expect(margins(poisson) == [Double(Foundation.log(Float(2.5)))])
        let softmax = try XGBoostReader.read(
            data: Self.model(objective: "multi:softprob", baseScore: "[1E-1,2E-1,-3E-1]", numClass: 3), file: "m.json",
            binary: false)
        #expect(margins(softmax) == [Double(Float(0.1)), Double(Float(0.2)), Double(Float(-0.3))])
        #expect(softmax.outputs.map(\.name) == ["label", "probability(0)", "probability(1)", "probability(2)"])
    }

    @Test("Without feature names the inputs are f0, f1, ...; a missing value takes the default direction")
    func positionalNames() throws {
        let model = try XGBoostReader.read(
            data: Self.model(objective: "reg:squarederror", baseScore: "0.5", names: nil), file: "m.json", binary: false
        )
        #expect(model.inputs.map(\.name) == ["f0", "f1"])
        #expect(model.inputs.allSatisfy { $0.type == .float && $0.missingValues == ["NaN"] })
        guard case .ensemble(let sum) = model.model, case .tree(let tree) = sum.segments.first?.model else {
            Issue.record("not a sum of trees")
            return
        }
        #expect(
            tree.root.children.first?.predicate
                == .compound(
                    .or,
                    [
                        .simple(field: "f0", operator: .isMissing, value: nil),
                        .simple(field: "f0", operator: .lessThan, value: "0.5"),
                    ]))
        #expect(tree.root.children.last?.predicate == .true)
    }

    @Test("Unsupported objectives, boosters and broken trees are refused naming the field")
    func refusals() {
        let cases: [(Data, String, String)] = [
            (Self.model(objective: "reg:weird", baseScore: "0.5"), BoosterDiagnosticID.xgboostUnsupported, "reg:weird"),
            (
                Self.model(objective: "multi:softprob", baseScore: "[1,2]", numClass: 3),
                BoosterDiagnosticID.xgboostSchema,
                "2 base scores for 3 margins"
            ),
            (
                Data(
                    String(decoding: Self.model(objective: "reg:squarederror", baseScore: "0.5"), as: UTF8.self)
                        .replacingOccurrences(
                            of: "\"right_children\": [2, -1, -1]", with: "\"right_children\": [0, -1, -1]"
                        )
                        .utf8), BoosterDiagnosticID.xgboostSchema, "reached twice"
            ),
            (
                Data(
                    String(decoding: Self.model(objective: "reg:squarederror", baseScore: "0.5"), as: UTF8.self)
                        .replacingOccurrences(of: "\"split_indices\": [0, 0, 0]", with: "\"split_indices\": [7, 0, 0]")
                        .utf8), BoosterDiagnosticID.xgboostSchema, "feature 7"
            ),
        ]
        for (data, id, says) in cases {
            do {
                _ = try XGBoostReader.read(data: data, file: "m.json", binary: false)
                Issue.record("accepted")
            } catch {
                let found = error.diagnostics.first { $0.id == id }
                #expect(found?.message.contains(says) == true, "\(error.diagnostics.map(\.message))")
            }
        }
    }
}
