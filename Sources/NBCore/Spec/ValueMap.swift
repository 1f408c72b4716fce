/// A table lookup (PMML MapValues): the row whose input columns equal the fields' values gives the output column.
public struct ValueMap: Sendable, Codable, Hashable {
    /// Which field is compared with which column.
    public struct Input: Sendable, Codable, Hashable {
        public var field: String
        public var column: String
        public init(field: String, column: String) {
            self.field = field
            self.column = column
        }
    }
    public var inputs: [Input]
    public var outputColumn: String
    /// The table, each row by column name, as written in the file.
    public var rows: [[String: String]]
    /// The result when no row matches; nil means missing.
    public var defaultValue: String?
    /// The result when an input is missing; nil means missing.
    public var mapMissingTo: String?
    /// The type of the result.
    public var type: FieldType

    public init(
        inputs: [Input], outputColumn: String, rows: [[String: String]], defaultValue: String? = nil,
        mapMissingTo: String? = nil, type: FieldType = .string
    ) {
        self.inputs = inputs
        self.outputColumn = outputColumn
        self.rows = rows
        self.defaultValue = defaultValue
        self.mapMissingTo = mapMissingTo
        self.type = type
    }
}
