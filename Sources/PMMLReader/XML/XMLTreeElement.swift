/// An XML element as an immutable value: what the PMML extractor reads instead of libxml2's mutable tree.
///
/// Named `XMLTreeElement` rather than `XMLElement` so it never clashes with Foundation's `XMLElement` on macOS.
/// Only elements and their direct text are kept: comments and processing instructions carry no meaning in PMML.
struct XMLTreeElement: Sendable, Hashable {
    /// One attribute as written, in document order.
    struct Attribute: Sendable, Hashable {
        /// The attribute name, with its prefix when it has one (`xsi:schemaLocation`).
        var name: String
        var value: String
    }

    /// The namespace-free local name (`RegressionModel`).
    var name: String
    /// The prefix as written (`data` in `<data:Sepal.Length>`), if any.
    var prefix: String?
    /// The namespace URI the element is in, if any.
    var namespaceURI: String?
    var attributes: [Attribute]
    /// Child elements in document order.
    var children: [XMLTreeElement]
    /// The element's own text (text and CDATA children concatenated), untrimmed.
    var text: String
    /// 1-based line of the start tag.
    var line: Int

    /// `prefix:name`, or just `name` without a prefix.
    var qualifiedName: String { prefix.map { "\($0):\(name)" } ?? name }

    /// The value of the attribute with the given (unprefixed) name.
    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The child elements with the given local name, in document order.
    func children(named name: String) -> [XMLTreeElement] {
        children.filter { $0.name == name }
    }

    /// The first child element with the given local name.
    func child(named name: String) -> XMLTreeElement? {
        children.first { $0.name == name }
    }
}
