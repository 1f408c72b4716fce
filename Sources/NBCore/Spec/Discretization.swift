/// Binning (PMML Discretize): the first bin whose interval holds the value gives the result.
public struct Discretization: Sendable, Codable, Hashable {
    public struct Bin: Sendable, Codable, Hashable {
        public var interval: Interval
        public var value: String
        public init(interval: Interval, value: String) {
            self.interval = interval
            self.value = value
        }
    }
    public var field: String
    public var bins: [Bin]
    /// The result when no bin holds the value; nil means missing.
    public var defaultValue: String?
    /// The result when the field is missing; nil means missing.
    public var mapMissingTo: String?
    public var type: FieldType

    public init(
        field: String, bins: [Bin], defaultValue: String? = nil, mapMissingTo: String? = nil, type: FieldType = .string
    ) {
        self.field = field
        self.bins = bins
        self.defaultValue = defaultValue
        self.mapMissingTo = mapMissingTo
        self.type = type
    }
}
