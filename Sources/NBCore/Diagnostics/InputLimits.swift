/// Bounds on the input files nbship reads, so a hostile or broken file gets a clear error instead of exhausting
/// memory or the stack. The defaults are generous enough for real models (a 1 GB PMML random forest reads); each is
/// configurable on the command line.
public struct InputLimits: Sendable, Hashable {
    /// The largest notebook or model file, in bytes. libxml2 reads at most 2 GiB - 1.
    public var maxFileBytes: Int
    /// The most cells a notebook may have.
    public var maxCells: Int
    /// The deepest XML nesting of a model file: a decision tree of depth d nests about d + 4 levels. libxml2
    /// enforces 256 itself; a lower limit is enforced by nbship.
    public var maxDepth: Int
    /// The most tree nodes a model may have, over all its trees.
    public var maxNodes: Int

    /// The deepest nesting that can be allowed at all. `model-spec.json` nests two JSON levels per tree level, and
    /// JSON readers and writers (Foundation's included) stop at 512 levels, so deeper trees could not be written
    /// into a package. Raising it needs a flat encoding of trees in the spec.
    public static let deepestAllowed = 256

    public init(
        maxFileBytes: Int = Int(Int32.max) - 1, maxCells: Int = 100_000, maxDepth: Int = 256,
        maxNodes: Int = 50_000_000
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxCells = maxCells
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }
}
