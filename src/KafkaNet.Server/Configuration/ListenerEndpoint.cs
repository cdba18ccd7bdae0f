using System.Globalization;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// One entry of listeners or advertised.listeners: <c>NAME://host:port</c>.
/// An empty host binds all interfaces; port 0 asks for an ephemeral port; IPv6 hosts may be bracketed
/// (<c>PLAINTEXT://[::1]:9092</c>). Listener names are case-insensitive and kept upper-case, as in Kafka.
/// </summary>
public sealed record ListenerEndpoint
{
    public ListenerEndpoint(string name, string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Name = name.ToUpperInvariant();
        Host = host;
        Port = port;
    }

    /// <summary>The listener name, upper-case; it keys listener.security.protocol.map.</summary>
    public string Name { get; }

    /// <summary>Host name or IP literal (IPv6 without brackets); empty means all interfaces.</summary>
    public string Host { get; }

    /// <summary>TCP port; 0 means ephemeral.</summary>
    public int Port { get; }

    /// <summary>True for an empty host or a wildcard address (0.0.0.0, ::), which bind every interface.</summary>
    public bool BindsAllInterfaces => Host is "" or "0.0.0.0" or "::";

    /// <summary>Parses <c>NAME://host:port</c>.</summary>
    /// <exception cref="FormatException">The text is not a valid listener.</exception>
    public static ListenerEndpoint Parse(string text) =>
        TryParse(text, out var error) ?? throw new FormatException(error);

    /// <summary>Parses <c>NAME://host:port</c>, or returns null and says why not.</summary>
    public static ListenerEndpoint? TryParse(string text, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = $"Listener '{text}' is not of the form NAME://host:port";
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || !IsValidName(text.AsSpan(0, separator)))
        {
            return null;
        }

        var address = text.AsSpan(separator + 3);
        ReadOnlySpan<char> host;
        ReadOnlySpan<char> port;
        if (address.StartsWith('['))
        {
            var close = address.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }

            host = address[1..close];
            port = address[(close + 2)..];
        }
        else
        {
            // The last colon splits host from port, so an unbracketed IPv6 host still works, as in Kafka.
            var colon = address.LastIndexOf(':');
            if (colon < 0)
            {
                return null;
            }

            host = address[..colon];
            port = address[(colon + 1)..];
        }

        if (!IsValidHost(host))
        {
            error = $"Listener '{text}' has an invalid host '{host}'";
            return null;
        }

        // NumberStyles.None: digits only, no sign or spaces.
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var portNumber) || portNumber > 65535)
        {
            error = $"Listener '{text}' has an invalid port '{port}'; it must be between 0 and 65535";
            return null;
        }

        error = string.Empty;
        return new ListenerEndpoint(text[..separator], host.ToString(), portNumber);
    }

    /// <summary>The endpoint as written in a configuration file, IPv6 hosts bracketed.</summary>
    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal)
            ? $"{Name}://[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{Name}://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    internal static bool IsValidName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    // The characters Kafka accepts in a listener host: names, IPv4 and IPv6 literals with zone ids.
    private static bool IsValidHost(ReadOnlySpan<char> host)
    {
        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '.' and not '_' and not ':' and not '%')
            {
                return false;
            }
        }

        return true;
    }
}
