using System.Net;

namespace KafkaNet.Server.Configuration;

/// <summary>Validators for the listener-shaped properties; cross-property rules live in <see cref="ListenerResolver"/>.</summary>
internal static class ListenerValidators
{
    /// <summary>listeners: valid endpoints, distinct names, and a port per listener.</summary>
    public static ConfigValidator BindListeners() => value =>
        ParseAll(value, out var endpoints) ?? DuplicateName(endpoints) ?? DuplicatePort(endpoints);

    /// <summary>advertised.listeners: valid endpoints, distinct names, never the wildcard address.</summary>
    public static ConfigValidator AdvertisedListeners() => value =>
    {
        if ((ParseAll(value, out var endpoints) ?? DuplicateName(endpoints)) is { } reason)
        {
            return reason;
        }

        // Clients cannot connect to 0.0.0.0 or ::, so advertising them is always a mistake (Kafka agrees).
        return endpoints.FirstOrDefault(e => e.Host is "0.0.0.0" or "::") is { } wildcard
            ? $"Listener {wildcard} advertises the non-routable wildcard address {wildcard.Host}"
            : null;
    };

    /// <summary>listener.security.protocol.map: <c>NAME:PROTOCOL</c> pairs, each name once.</summary>
    public static ConfigValidator SecurityProtocolMap() => value =>
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in ConfigValidators.AsList(value))
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? string.Empty : item[..colon].Trim();
            if (!ListenerEndpoint.IsValidName(name))
            {
                return $"Entry '{item}' is not of the form LISTENER_NAME:SECURITY_PROTOCOL";
            }

            if (!SecurityProtocolNames.TryParse(item[(colon + 1)..].Trim(), out _))
            {
                return $"Entry '{item}' names an unknown security protocol; expected one of [{string.Join(", ", SecurityProtocolNames.All)}]";
            }

            if (!names.Add(name))
            {
                return $"Listener name {name} is mapped more than once";
            }
        }

        return null;
    };

    /// <summary>controller.quorum.voters: <c>id@host:port</c> entries, each id once.</summary>
    public static ConfigValidator QuorumVoters() => value =>
    {
        var ids = new HashSet<int>();
        foreach (var item in ConfigValidators.AsList(value))
        {
            if (QuorumAddresses.TryParseVoter(item) is not { } voter)
            {
                return $"Entry '{item}' is not of the form id@host:port";
            }

            if (!ids.Add(voter.NodeId))
            {
                return $"Voter id {voter.NodeId} appears more than once";
            }
        }

        return null;
    };

    /// <summary>controller.quorum.bootstrap.servers: <c>host:port</c> entries.</summary>
    public static ConfigValidator HostPorts() => value =>
        ConfigValidators.AsList(value).FirstOrDefault(item => QuorumAddresses.TryParseHostPort(item) is null) is { } bad
            ? $"Entry '{bad}' is not of the form host:port"
            : null;

    private static string? ParseAll(object value, out List<ListenerEndpoint> endpoints)
    {
        endpoints = [];
        foreach (var item in ConfigValidators.AsList(value))
        {
            if (ListenerEndpoint.TryParse(item, out var error) is not { } endpoint)
            {
                return error;
            }

            endpoints.Add(endpoint);
        }

        return null;
    }

    private static string? DuplicateName(List<ListenerEndpoint> endpoints)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        return endpoints.FirstOrDefault(e => !names.Add(e.Name)) is { } duplicate
            ? $"Listener name {duplicate.Name} is used more than once"
            : null;
    }

    // Two listeners may share a port only when one binds an IPv4 and the other an IPv6 address (KIP-797);
    // port 0 is ephemeral and never clashes.
    private static string? DuplicatePort(List<ListenerEndpoint> endpoints)
    {
        for (var i = 0; i < endpoints.Count; i++)
        {
            for (var j = i + 1; j < endpoints.Count; j++)
            {
                var (a, b) = (endpoints[i], endpoints[j]);
                if (a.Port != 0 && a.Port == b.Port && !AreDifferentIpFamilies(a.Host, b.Host))
                {
                    return $"Listeners {a} and {b} use the same port {a.Port}";
                }
            }
        }

        return null;
    }

    private static bool AreDifferentIpFamilies(string a, string b) =>
        IPAddress.TryParse(a, out var x) && IPAddress.TryParse(b, out var y) && x.AddressFamily != y.AddressFamily;
}
