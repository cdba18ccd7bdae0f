namespace KafkaNet.Fuzz;

/// <summary>One invariant's verdict, with what was seen.</summary>
internal sealed record CheckResult(string Name, bool Passed, string Detail)
{
    public static CheckResult From(string name, IReadOnlyCollection<string> violations, string summary) =>
        new(name, violations.Count == 0, violations.Count == 0 ? summary : $"{summary}; {violations.Count} violation(s): " + string.Join("; ", violations.Take(10)));
}
