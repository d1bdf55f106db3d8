/// Generic human-readable output for results whose shape another part owns (queue, dead
/// letters, conflicts, audit): an array of objects becomes a table, an object becomes
/// `key: value` lines (nested lists of objects as indented tables), scalars print plainly.
/// This keeps `dealsyncctl` useful without a release for every new field.
public enum ValueText {
    public static func render(_ value: ControlValue) -> String {
        switch value {
        case .array(let items):
            return table(items) ?? items.map(scalar).joined(separator: "\n")
        case .object(let fields):
            if fields.isEmpty { return "(empty)" }
            return fields.sorted { $0.key < $1.key }.map { key, value in
                if case .array(let items) = value, let table = table(items) {
                    return "\(key):\n" + table.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
                }
                if case .array(let items) = value, items.isEmpty { return "\(key): (none)" }
                return "\(key): \(scalar(value))"
            }.joined(separator: "\n")
        default:
            return scalar(value)
        }
    }

    /// A table when every item is an object, columns in name order; nil otherwise.
    static func table(_ items: [ControlValue]) -> String? {
        let objects = items.compactMap(\.objectValue)
        guard !objects.isEmpty, objects.count == items.count else { return nil }
        let columns = Set(objects.flatMap(\.keys)).sorted()
        let rows = objects.map { o in columns.map { o[$0].map(scalar) ?? "-" } }
        return TextTable(headers: columns.map { $0.uppercased() }, rows: rows).render()
    }

    /// One cell: strings bare, null as "-", containers as compact JSON.
    static func scalar(_ value: ControlValue) -> String {
        switch value {
        case .null: "-"
        case .bool(let b): b ? "yes" : "no"
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .string(let s): s.isEmpty ? "\"\"" : s
        case .array, .object: (try? ControlCodec.text(value)) ?? "?"
        }
    }
}
