import Foundation
import NBCore

/// Preprocessing nodes as float32 expressions, linear models, and multilayer perceptrons, as onnxruntime's CPU
/// kernels compute them.
extension GraphTranslator {
    /// `x` rounded to float32: an operation on float32 values computed in double and rounded is the float32
    /// operation itself (for + - * / and sqrt double rounding cannot differ).
    static func float32(_ x: Expression) -> Expression {
        .apply(function: "float32", arguments: [x], mapMissingTo: nil)
    }
    static func apply(_ function: String, _ arguments: Expression...) -> Expression {
        .apply(function: function, arguments: arguments, mapMissingTo: nil)
    }

    /// A per-column constant: one value for every column, or one per column.
    func perColumn(_ values: [Double], _ count: Int) -> [Double]? {
        if values.count == 1 { return Array(repeating: values[0], count: count) }
        return values.count == count ? values : nil
    }

    mutating func translatePreprocessingOrNetwork(
        _ node: Onnx_NodeProto, _ input: [GraphValue?], _ attributes: Attributes
    ) -> Bool {
        let ml = node.domain == Self.mlDomain
        let where_ = Self.describe(node)
        switch (node.opType, input.first ?? nil) {
        case ("Scaler", .columns(let columns)?) where ml:
            guard numeric(columns, node) else { return true }
            // onnxruntime: (x - offset) * scale in float32.
            let offsets = (attributes.floats("offset") ?? [0]).map(Double.init)
            let scales = (attributes.floats("scale") ?? [1]).map(Double.init)
            guard let offset = perColumn(offsets, columns.count), let scale = perColumn(scales, columns.count) else {
                invalid(
                    "\(where_) has \(offsets.count) offsets and \(scales.count) scales for \(columns.count) columns")
                return true
            }
            values[node.output[0]] = .columns(
                columns.indices.map { i in
                    var x = columns[i]
                    if offset[i] != 0 { x = Self.float32(Self.apply("-", x, .constant(offset[i]))) }
                    if scale[i] != 1 { x = Self.float32(Self.apply("*", x, .constant(scale[i]))) }
                    return named(x, "scaled")
                })
        case ("Imputer", .columns(let columns)?) where ml:
            guard numeric(columns, node) else { return true }
            guard attributes.byName["imputed_value_int64s"] == nil else {
                unsupported(
                    "\(where_) imputes integers; nbship follows float inputs", help: "export with float32 inputs")
                return true
            }
            let imputed = (attributes.floats("imputed_value_floats") ?? []).map(Double.init)
            guard let value = perColumn(imputed, columns.count) else {
                invalid("\(where_) has \(imputed.count) imputed values for \(columns.count) columns")
                return true
            }
            let replaced = Double(attributes.byName["replaced_value_float"]?.f ?? 0)
            values[node.output[0]] = .columns(
                columns.indices.map { i in
                    let condition =
                        replaced.isNaN
                        ? Self.apply("isMissing", columns[i]) : Self.apply("equal", columns[i], .constant(replaced))
                    return named(Self.apply("if", condition, .constant(value[i]), columns[i]), "imputed")
                })
        case ("Normalizer", .columns(let columns)?) where ml:
            guard numeric(columns, node) else { return true }
            normalizer(node, attributes, columns)
        case ("OneHotEncoder", .columns(let columns)?) where ml:
            oneHotEncoder(node, attributes, columns)
        case ("ArrayFeatureExtractor", .columns(let columns)?) where ml, ("Gather", .columns(let columns)?) where !ml:
            if node.opType == "Gather", (attributes.byName["axis"]?.i ?? 0) != 1 { return false }
            guard input.count == 2, case .constant(let indices)? = input[1],
                indices.numbers.allSatisfy({ $0 == $0.rounded() && abs($0) <= 1e9 })
            else { return false }
            let picked = indices.numbers.map { Int($0) < 0 ? Int($0) + columns.count : Int($0) }
            guard picked.allSatisfy({ (0..<columns.count).contains($0) }) else {
                invalid("\(where_) picks columns \(indices.numbers) of \(columns.count)")
                return true
            }
            values[node.output[0]] = .columns(picked.map { columns[$0] })
        case ("Concat", _) where !ml:
            return concat(node, input, attributes)
        case ("Mul", _) where !ml, ("Add", _) where !ml, ("Sub", _) where !ml, ("Div", _) where !ml:
            return arithmetic(node, input)
        case ("MatMul", _) where !ml, ("Gemm", _) where !ml:
            return matMul(node, input, attributes)
        case ("Relu", .network(var network)?) where !ml, ("Tanh", .network(var network)?) where !ml,
            ("Sigmoid", .network(var network)?) where !ml, ("Softmax", .network(var network)?) where !ml:
            guard network.open, let last = network.layers.indices.last else { return false }
            if node.opType == "Softmax" {
                let axis = attributes.byName["axis"]?.i ?? -1
                guard axis == -1 || axis == 1 else { return false }
                network.layers[last].normalization = .softmax
            } else {
                network.layers[last].activation =
                    ["Relu": .rectifier, "Tanh": .tanh, "Sigmoid": .logistic][node.opType] ?? .identity
            }
            network.open = false
            values[node.output[0]] = .network(network)
        default:
            return false
        }
        return true
    }

    /// OneHotEncoder of one input column: a 1/0 column per category, in the order of `cats_strings` or
    /// `cats_int64s` (onnxruntime's output [N, 1, C], which skl2onnx concatenates on the last axis and reshapes to
    /// [N, C]). An unknown category gives zeros (`zeros` 1, scikit-learn's handle_unknown="ignore"); with `zeros` 0
    /// onnxruntime fails on it, and the package refuses it as an invalid value.
    mutating func oneHotEncoder(_ node: Onnx_NodeProto, _ attributes: Attributes, _ columns: [Expression]) {
        let where_ = Self.describe(node)
        guard columns.count == 1, case .field(let field) = columns[0],
            let index = inputSpecs.firstIndex(where: { $0.name == field })
        else {
            unsupported(
                "\(where_) encodes \(columns.count == 1 ? "a computed column" : "\(columns.count) columns"); nbship "
                    + "translates a OneHotEncoder per input column (as skl2onnx writes them)",
                help: "export with skl2onnx, one initial type per DataFrame column")
            return
        }
        let isText = inputSpecs[index].type == .string
        let categories =
            isText ? attributes.strings("cats_strings") ?? [] : (attributes.ints("cats_int64s") ?? []).map(String.init)
        guard !categories.isEmpty, Set(categories).count == categories.count else {
            invalid("\(where_) has no categories for a \(isText ? "text" : "number") input, or one twice")
            return
        }
        if (attributes.byName["zeros"]?.i ?? 1) == 0 {
            inputSpecs[index].validValues = categories
            inputSpecs[index].invalidTreatment = .returnInvalid
        }
        inputSpecs[index].opType = .categorical
        values[node.output[0]] = .columns(categories.map { Expression.indicator(field: field, value: $0) })
    }

    /// Registers the step a column's expression came from, for its derived field's name.
    mutating func named(_ column: Expression, _ role: String) -> Expression {
        if roles[column] == nil { roles[column] = role }
        return column
    }

    /// onnxruntime's Normalizer: MAX divides by the largest value, L1 by the float32 sum of absolute values, L2
    /// takes sqrt(x^2 / sum of squares) with x's sign; all in float32, the values as they are when the divisor is 0.
    mutating func normalizer(_ node: Onnx_NodeProto, _ attributes: Attributes, _ columns: [Expression]) {
        let norm = attributes.string("norm", default: "MAX")
        func chainedSum(_ terms: [Expression]) -> Expression {
            var sum = terms[0]
            for term in terms.dropFirst() { sum = Self.float32(Self.apply("+", sum, term)) }
            return sum
        }
        let squares = columns.map { Self.float32(Self.apply("*", $0, $0)) }
        let divisor: Expression
        switch norm {
        case "MAX": divisor = .apply(function: "max", arguments: columns, mapMissingTo: nil)
        case "L1": divisor = chainedSum(columns.map { Self.apply("abs", $0) })
        case "L2": divisor = chainedSum(squares)
        default:
            invalid("\(Self.describe(node)) has norm '\(norm)'; ONNX defines MAX, L1 and L2")
            return
        }
        let sumName = "norm \(norm)" + (derivedFields.contains { $0.name.hasPrefix("norm \(norm)") } ? "#2" : "")
        derivedFields.append(
            DerivedFieldSpec(
                name: sumName, type: .float, expression: divisor, origin: .modelFile,
                location: SourceLocation(file: file)))
        let sum = Expression.field(sumName)
        let isZero = Self.apply("equal", sum, .constant(0))
        values[node.output[0]] = .columns(
            columns.indices.map { i in
                let x = columns[i]
                let normalized: Expression
                if norm == "L2" {
                    let root = Self.float32(Self.apply("sqrt", Self.float32(Self.apply("/", squares[i], sum))))
                    normalized = Self.apply(
                        "if", Self.apply("lessThan", x, .constant(0)), Self.apply("*", root, .constant(-1)), root)
                } else {
                    normalized = Self.float32(Self.apply("/", x, sum))
                }
                return named(Self.apply("if", isZero, x, normalized), "normalized")
            })
    }

    /// Concat along the columns: of input columns, or of values of one network.
    mutating func concat(_ node: Onnx_NodeProto, _ input: [GraphValue?], _ attributes: Attributes) -> Bool {
        let axis = attributes.byName["axis"]?.i ?? 1
        guard axis == 1 || axis == -1, !input.isEmpty else { return false }
        var columns: [Expression] = []
        var network: NetworkValue?
        for value in input {
            switch value {
            case .columns(let more)?:
                guard network == nil else { return false }
                columns += more
            case .network(let more)?:
                guard columns.isEmpty else { return false }
                if var existing = network {
                    guard existing.layers == more.layers, existing.inputs == more.inputs else { return false }
                    existing.columns += more.columns
                    network = existing
                } else {
                    network = more
                }
            default:
                return false
            }
        }
        values[node.output[0]] = network.map(GraphValue.network) ?? .columns(columns)
        return true
    }

    /// Mul, Add, Sub, Div of columns by a constant (broadcast per column), in float32; Add of a bias and Sub from a
    /// constant on a network's values.
    mutating func arithmetic(_ node: Onnx_NodeProto, _ input: [GraphValue?]) -> Bool {
        guard input.count == 2 else { return false }
        let symbol = ["Mul": "*", "Add": "+", "Sub": "-", "Div": "/"][node.opType] ?? "+"
        switch (input[0], input[1]) {
        case (.columns(let columns)?, .constant(let constant)?), (.constant(let constant)?, .columns(let columns)?):
            let constantFirst: Bool
            if case .constant? = input[0] { constantFirst = true } else { constantFirst = false }
            guard constant.strings.isEmpty, let values = perColumn(constant.numbers, columns.count) else {
                return false
            }
            guard numeric(columns, node) else { return true }
            self.values[node.output[0]] = .columns(
                columns.indices.map { i in
                    let c = values[i]
                    if !constantFirst,
                        (symbol == "*" || symbol == "/") && c == 1
                            || (symbol == "+" || symbol == "-")
                                && c == 0
                    {
                        return columns[i]
                    }
                    let pair = constantFirst ? [Expression.constant(c), columns[i]] : [columns[i], .constant(c)]
                    return named(
                        Self.float32(.apply(function: symbol, arguments: pair, mapMissingTo: nil)), "scaled")
                })
        case (.network(let value)?, .constant(let bias)?), (.constant(let bias)?, .network(let value)?):
            var network = value
            if symbol == "+" && network.open {
                guard let last = network.layers.indices.last,
                    let biases = perColumn(bias.numbers, network.layers[last].neurons.count)
                else { return false }
                for index in network.layers[last].neurons.indices {
                    network.layers[last].neurons[index].bias += biases[index]
                }
            } else if symbol == "-", case .constant? = input[0] {
                guard let values = perColumn(bias.numbers, network.columns.count) else { return false }
                network.open = false
                // c - (offset + factor * neuron) = (c - offset) - factor * neuron.
                network.columns = zip(network.columns, values).map { column, c in
                    (c - column.offset, -column.factor, column.neuron)
                }
            } else {
                return false
            }
            self.values[node.output[0]] = .network(network)
        default:
            return false
        }
        return true
    }

    /// MatMul (or Gemm without transposes) of columns or of a network's values by a constant matrix [n, m]: a new
    /// layer of m neurons, its bias and activation still to come.
    mutating func matMul(_ node: Onnx_NodeProto, _ input: [GraphValue?], _ attributes: Attributes) -> Bool {
        guard input.count >= 2, case .constant(let weights)? = input[1], weights.dims.count == 2,
            weights.strings.isEmpty
        else { return false }
        if node.opType == "Gemm" {
            let plain =
                (attributes.byName["transA"]?.i ?? 0) == 0 && (attributes.byName["transB"]?.i ?? 0) == 0
                && (attributes.byName["alpha"]?.f ?? 1) == 1 && (attributes.byName["beta"]?.f ?? 1) == 1
            guard plain else { return false }
        }
        let (rows, width) = (weights.dims[0], weights.dims[1])
        var network: NetworkValue
        switch input[0] {
        case .columns(let columns)?:
            guard claimNetwork(node), numeric(columns, node) else { return true }
            guard columns.count == rows else {
                invalid("\(Self.describe(node)) multiplies \(columns.count) columns by a [\(rows), \(width)] matrix")
                return true
            }
            network = NetworkValue(inputs: columns, layers: [], open: false, columns: [])
        case .network(let previous)?:
            network = (previous.open ? previous.closingLinear() : previous).settled()
            guard network.columns.count == rows else {
                invalid(
                    "\(Self.describe(node)) multiplies \(network.columns.count) values by a [\(rows), \(width)] matrix")
                return true
            }
        default:
            return false
        }
        let layer = network.layers.count
        let from: (Int) -> String = { index in
            layer == 0 ? NetworkValue.inputID(index) : NetworkValue.neuronID(layer: layer - 1, index)
        }
        let neurons = (0..<width).map { j in
            NeuralNetworkSpec.Neuron(
                id: NetworkValue.neuronID(layer: layer, j), bias: 0,
                connections: (0..<rows).map { i in .init(from: from(i), weight: weights.numbers[i * width + j]) })
        }
        network.layers.append(.init(activation: .identity, threshold: 0, normalization: .none, neurons: neurons))
        network.open = true
        network.columns = (0..<width).map { (0, 1, $0) }
        if node.opType == "Gemm", input.count == 3 {
            guard case .constant(let bias)? = input[2], let biases = perColumn(bias.numbers, width) else {
                return false
            }
            for j in 0..<width { network.layers[layer].neurons[j].bias = biases[j] }
        }
        values[node.output[0]] = .network(network)
        return true
    }

    mutating func claimNetwork(_ node: Onnx_NodeProto) -> Bool {
        guard body == nil, !networkStarted else {
            unsupported("\(Self.describe(node)) starts a second model in the graph", help: "export one model")
            return false
        }
        networkStarted = true
        return true
    }
}

extension NetworkValue {
    /// The network with its last layer closed as it is (identity activation, no more bias).
    func closingLinear() -> NetworkValue {
        var copy = self
        copy.open = false
        return copy
    }
}
