namespace KafkaNet.Server.Configuration;

/// <summary>
/// The rules that tie the listener properties together: every listener has a security protocol, advertised
/// listeners name real listeners, and the inter-broker listener is advertised. Fills in Kafka's defaults for
/// advertised.listeners and inter.broker.listener.name.
/// </summary>
internal static class ListenerResolver
{
    /// <summary>
    /// The host advertised for a listener that binds all interfaces. Kafka uses the machine's canonical host name;
    /// we prefer localhost so a default single-node setup works without DNS, and containers set
    /// advertised.listeners explicitly anyway.
    /// </summary>
    public const string DefaultAdvertisedHost = "localhost";

    private const string PreferredInterBrokerListener = "PLAINTEXT";

    public static Dictionary<string, SecurityProtocol> ParseProtocolMap(IReadOnlyList<string> entries)
    {
        var map = new Dictionary<string, SecurityProtocol>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            SecurityProtocolNames.TryParse(entry[(colon + 1)..].Trim(), out var protocol);
            map[entry[..colon].Trim().ToUpperInvariant()] = protocol;
        }

        return map;
    }

    public static List<ListenerEndpoint> ParseEndpoints(IReadOnlyList<string> entries) =>
        [.. entries.Select(ListenerEndpoint.Parse)];

    /// <exception cref="ConfigException">A listener has no security protocol.</exception>
    public static void CheckProtocols(
        IReadOnlyList<ListenerEndpoint> listeners, IReadOnlyDictionary<string, SecurityProtocol> map, string listenersText)
    {
        if (listeners.FirstOrDefault(l => !map.ContainsKey(l.Name)) is { } unmapped)
        {
            throw new ConfigException(
                BrokerConfigDefinitions.Listeners.Name,
                listenersText,
                $"No security protocol is defined for listener {unmapped.Name} in {BrokerConfigDefinitions.ListenerSecurityProtocolMap.Name}");
        }
    }

    /// <summary>The explicit advertised listeners, or those derived from listeners, with empty hosts filled in.</summary>
    /// <exception cref="ConfigException">An advertised listener is unknown or a controller listener, or none remain.</exception>
    public static List<ListenerEndpoint> Advertised(
        IReadOnlyList<ListenerEndpoint> listeners,
        IReadOnlyList<string>? advertisedEntries,
        IReadOnlyCollection<string> controllerListenerNames,
        string listenersText)
    {
        List<ListenerEndpoint> advertised;
        if (advertisedEntries is null)
        {
            advertised = [.. listeners.Where(l => !controllerListenerNames.Contains(l.Name)).Select(WithReachableHost)];
        }
        else
        {
            advertised = [.. ParseEndpoints(advertisedEntries).Select(WithReachableHost)];
            var advertisedText = string.Join(',', advertisedEntries);
            if (advertised.FirstOrDefault(a => !listeners.Any(l => l.Name == a.Name)) is { } unknown)
            {
                throw new ConfigException(
                    BrokerConfigDefinitions.AdvertisedListeners.Name, advertisedText, $"Listener {unknown.Name} is not defined in listeners");
            }

            if (advertised.FirstOrDefault(a => controllerListenerNames.Contains(a.Name)) is { } controller)
            {
                throw new ConfigException(
                    BrokerConfigDefinitions.AdvertisedListeners.Name, advertisedText, $"Controller listener {controller.Name} must not be advertised");
            }
        }

        if (advertised.Count == 0)
        {
            throw new ConfigException(
                BrokerConfigDefinitions.Listeners.Name, listenersText, "No listener is left for clients once controller listeners are set aside");
        }

        return advertised;
    }

    /// <summary>Kafka's rule for process.roles=controller: listeners holds controller listeners only.</summary>
    /// <exception cref="ConfigException">A listener is not one of controller.listener.names.</exception>
    public static void CheckControllerOnly(IReadOnlyList<ListenerEndpoint> listeners, IReadOnlyCollection<string> controllerListenerNames, string listenersText)
    {
        if (listeners.FirstOrDefault(l => !controllerListenerNames.Contains(l.Name)) is { } other)
        {
            throw new ConfigException(
                BrokerConfigDefinitions.Listeners.Name, listenersText,
                $"A node whose process.roles is controller binds controller listeners only, and {other.Name} is not in controller.listener.names");
        }
    }

    /// <exception cref="ConfigException">The named listener is not advertised.</exception>
    public static string InterBrokerListenerName(string? configured, IReadOnlyList<ListenerEndpoint> advertised)
    {
        if (configured is null)
        {
            // Kafka falls back to the listener named after security.inter.broker.protocol (PLAINTEXT) and fails
            // when there is none; a single node has no peers, so we settle for the first advertised listener.
            return advertised.Any(a => a.Name == PreferredInterBrokerListener) ? PreferredInterBrokerListener : advertised[0].Name;
        }

        var name = configured.ToUpperInvariant();
        return advertised.Any(a => a.Name == name)
            ? name
            : throw new ConfigException(
                BrokerConfigDefinitions.InterBrokerListenerName.Name, configured, "It must be the name of a listener in advertised.listeners");
    }

    private static ListenerEndpoint WithReachableHost(ListenerEndpoint endpoint) =>
        endpoint.BindsAllInterfaces ? new ListenerEndpoint(endpoint.Name, DefaultAdvertisedHost, endpoint.Port) : endpoint;
}
