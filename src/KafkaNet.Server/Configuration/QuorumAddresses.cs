using System.Globalization;
using KafkaNet.Broker;

namespace KafkaNet.Server.Configuration;

/// <summary>Parses the address lists of the KRaft quorum: <c>id@host:port</c> voters and <c>host:port</c> bootstrap servers.</summary>
internal static class QuorumAddresses
{
    // A placeholder listener name lets the listener parser handle hosts, bracketed IPv6 literals and ports.
    private const string Scheme = "QUORUM://";

    /// <summary>Parses <c>host:port</c>; the host must not be empty and the port must not be 0.</summary>
    public static BrokerEndpoint? TryParseHostPort(string text) =>
        ListenerEndpoint.TryParse(Scheme + text, out _) is { Host.Length: > 0, Port: > 0 } endpoint
            ? new BrokerEndpoint(endpoint.Host, endpoint.Port)
            : null;

    /// <summary>Parses <c>id@host:port</c> with a non-negative id.</summary>
    public static ControllerQuorumVoter? TryParseVoter(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || !int.TryParse(text.AsSpan(0, at), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        return TryParseHostPort(text[(at + 1)..]) is { } address ? new ControllerQuorumVoter(id, address.Host, address.Port) : null;
    }

    public static List<ControllerQuorumVoter> ParseVoters(IReadOnlyList<string> entries) => [.. entries.Select(e => TryParseVoter(e)!)];

    public static List<BrokerEndpoint> ParseHostPorts(IReadOnlyList<string> entries) => [.. entries.Select(e => TryParseHostPort(e)!)];
}
