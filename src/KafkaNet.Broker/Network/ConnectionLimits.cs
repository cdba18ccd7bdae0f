using System.Globalization;
using System.Net;

namespace KafkaNet.Broker.Network;

/// <summary>
/// The connection limits in force: max.connections (broker-wide), max.connections.per.ip and the
/// per-address overrides of max.connections.per.ip.overrides, with host names resolved to addresses, and
/// max.connection.creation.rate (new connections per second).
/// </summary>
public sealed record ConnectionLimits(int MaxConnections, int MaxConnectionsPerIp, IReadOnlyDictionary<IPAddress, int> PerIpOverrides,
    int MaxConnectionCreationRate = int.MaxValue)
{
    public static ConnectionLimits Unlimited { get; } = new(int.MaxValue, int.MaxValue, new Dictionary<IPAddress, int>());

    /// <summary>listener.name.&lt;listener&gt;.max.connections by listener name; listeners not named have no limit of their own.</summary>
    public IReadOnlyDictionary<string, int> PerListener { get; init; } = new Dictionary<string, int>();

    /// <summary>The connection limit of a listener (null: the broker-wide limit only).</summary>
    public int LimitOfListener(string? listener) =>
        listener is not null && PerListener.TryGetValue(listener, out int limit) ? limit : int.MaxValue;

    /// <summary>The limit of <paramref name="address"/>: its override, else max.connections.per.ip.</summary>
    public int LimitOf(IPAddress address) => PerIpOverrides.TryGetValue(address, out int limit) ? limit : MaxConnectionsPerIp;

    public static ConnectionLimits From(BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.MaxConnections, options.MaxConnectionsPerIp, ParseOverrides(options.MaxConnectionsPerIpOverrides), options.MaxConnectionCreationRate)
        {
            PerListener = ListenerLimits(options),
        };
    }

    /// <summary>
    /// The limits with the dynamic broker configs that are set (<paramref name="dynamicValue"/> by name, null when
    /// unset) taking precedence over the options. Throws <see cref="FormatException"/> on a value that does not parse.
    /// </summary>
    public static ConnectionLimits From(BrokerOptions options, Func<string, string?> dynamicValue)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dynamicValue);
        return new(
            Count(dynamicValue("max.connections")) ?? options.MaxConnections,
            Count(dynamicValue("max.connections.per.ip")) ?? options.MaxConnectionsPerIp,
            ParseOverrides(dynamicValue("max.connections.per.ip.overrides") ?? options.MaxConnectionsPerIpOverrides),
            Count(dynamicValue("max.connection.creation.rate")) ?? options.MaxConnectionCreationRate)
        {
            PerListener = ListenerLimits(options),
        };
    }

    private static Dictionary<string, int> ListenerLimits(BrokerOptions options) =>
        new(options.ListenerMaxConnections, StringComparer.OrdinalIgnoreCase);

    private static int? Count(string? value) => value is null
        ? null
        : int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count) ? count : throw new FormatException($"'{value}' is not a connection count");

    /// <summary>
    /// Reads "host:count,host:count". Like Kafka, a host is an IP literal or a name resolved now, to every
    /// address it has. Throws <see cref="FormatException"/> on a malformed entry or an unknown host.
    /// </summary>
    public static IReadOnlyDictionary<IPAddress, int> ParseOverrides(string? overrides)
    {
        var limits = new Dictionary<IPAddress, int>();
        if (string.IsNullOrWhiteSpace(overrides))
        {
            return limits;
        }
        foreach (string entry in overrides.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = entry.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int limit))
            {
                throw new FormatException($"'{entry}' is not host:count");
            }
            foreach (var address in Resolve(entry[..colon].Trim()))
            {
                limits[Normalize(address)] = limit;
            }
        }
        return limits;
    }

    /// <summary>IPv4 clients of a dual-mode socket arrive as IPv4-mapped IPv6 addresses: count them as IPv4.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    private static IPAddress[] Resolve(string host)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return [literal];
        }
        try
        {
            return Dns.GetHostAddresses(host);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new FormatException($"unknown host '{host}': {e.Message}", e);
        }
    }
}
