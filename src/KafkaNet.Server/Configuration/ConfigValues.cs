namespace KafkaNet.Server.Configuration;

/// <summary>
/// The parsed value of every row of a configuration table: what the user wrote (under the property's name or
/// an alias) or else the row's default. Unknown property names become warnings, never errors.
/// </summary>
internal sealed class ConfigValues
{
    private const string ListenerPrefix = "listener.name.";

    private readonly Dictionary<string, object?> _values;
    private readonly HashSet<string> _written;

    private ConfigValues(Dictionary<string, object?> values, HashSet<string> written)
    {
        _values = values;
        _written = written;
    }

    /// <exception cref="ConfigException">A value is invalid, or a property and its alias disagree.</exception>
    public static ConfigValues Resolve(
        IReadOnlyDictionary<string, string> properties, IReadOnlyList<ConfigDefinition> rows, ICollection<string> warnings)
    {
        // Topic defaults the table lacks (log.cleanup.policy...) still reach the broker through StaticBrokerConfigs.
        // Listener-prefixed properties (listener.name.<listener>.…) are read where their listener is set up.
        foreach (var name in properties.Keys.Where(name => !rows.Any(row => row.Matches(name)) && Broker.Configs.TopicConfigs.FindByBrokerSynonym(name) is null
            && !name.StartsWith(ListenerPrefix, StringComparison.Ordinal)))
        {
            warnings.Add($"Unknown property {name} was ignored");
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            values[row.Name] = ResolveRow(row, properties);
            if (properties.Keys.Any(row.Matches))
            {
                written.Add(row.Name);
            }
        }

        return new ConfigValues(values, written);
    }

    public object? this[ConfigDefinition row] =>
        _values.TryGetValue(row.Name, out var value) ? value : throw new KeyNotFoundException($"No configuration row {row.Name}.");

    /// <summary>True when the user wrote the property (or an alias) rather than leaving it to its default.</summary>
    public bool IsWritten(ConfigDefinition row) => _written.Contains(row.Name);

    public int GetInt(ConfigDefinition row) => Get<int>(row);

    public long GetLong(ConfigDefinition row) => Get<long>(row);

    public bool GetBoolean(ConfigDefinition row) => Get<bool>(row);

    public IReadOnlyList<string> GetList(ConfigDefinition row) => Get<IReadOnlyList<string>>(row);

    public int? GetOptionalInt(ConfigDefinition row) => this[row] is int value ? value : null;

    public long? GetOptionalLong(ConfigDefinition row) => this[row] is long value ? value : null;

    public string? GetOptionalString(ConfigDefinition row) => this[row] as string;

    public IReadOnlyList<string>? GetOptionalList(ConfigDefinition row) => this[row] as IReadOnlyList<string>;

    private T Get<T>(ConfigDefinition row) => this[row] is T value
        ? value
        : throw new InvalidOperationException($"Configuration {row.Name} has no value of type {typeof(T).Name}.");

    private static object? ResolveRow(ConfigDefinition row, IReadOnlyDictionary<string, string> properties)
    {
        // Parse every spelling the user wrote, so an invalid alias value is reported even when it would lose.
        var written = new[] { row.Name }.Concat(row.Aliases)
            .Where(properties.ContainsKey)
            .Select(name => (Name: name, Value: row.Parse(properties[name], name)))
            .ToList();
        if (written.Count == 0)
        {
            return row.DefaultValue is null ? null : row.Parse(row.DefaultValue);
        }

        var first = written[0];
        foreach (var other in written.Skip(1).Where(other => !SameValue(first.Value, other.Value)))
        {
            throw new ConfigException(
                first.Name,
                properties[first.Name],
                $"It conflicts with {other.Name}={properties[other.Name]}; set only one of them");
        }

        return first.Value;
    }

    private static bool SameValue(object a, object b) =>
        a is IReadOnlyList<string> x && b is IReadOnlyList<string> y ? x.SequenceEqual(y, StringComparer.Ordinal) : a.Equals(b);
}
