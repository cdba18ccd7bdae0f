namespace KafkaNet.Broker.Configs;

// listener.name.<listener>.ssl.*: one listener's own value of an ssl.* config, which wins over the broker-wide one
// for that listener, as in Kafka. Any listener name is accepted, as Kafka stores configs for listeners added later.
public static partial class BrokerConfigCatalog
{
    /// <summary>The prefix of a listener's own configs.</summary>
    public const string ListenerPrefix = "listener.name.";

    /// <summary>
    /// Splits listener.name.&lt;listener&gt;.&lt;config&gt; into the listener (lower case, as Kafka writes it) and the config;
    /// false for any other name.
    /// </summary>
    public static bool TrySplitListenerConfig(string name, out string listener, out string baseName)
    {
        ArgumentNullException.ThrowIfNull(name);
        listener = baseName = "";
        if (!name.StartsWith(ListenerPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        int dot = name.IndexOf('.', ListenerPrefix.Length);
        if (dot <= ListenerPrefix.Length || dot == name.Length - 1)
        {
            return false;
        }
        listener = name[ListenerPrefix.Length..dot];
        baseName = name[(dot + 1)..];
        return true;
    }

    // Only ssl.* configs have a listener's own value here; the row copies the broker-wide one's type, sensitivity
    // and update mode, without its default (the broker-wide value is the listener's default).
    private static BrokerConfigDefinition? FindListenerConfig(string name)
    {
        if (!TrySplitListenerConfig(name, out string listener, out string baseName)
            || listener != listener.ToLowerInvariant()
            || !baseName.StartsWith("ssl.", StringComparison.Ordinal)
            || !ByName.TryGetValue(baseName, out var definition))
        {
            return null;
        }
        return definition with { Name = name, DefaultValue = null, Documentation = $"{definition.Documentation} For listener {listener} only." };
    }
}
