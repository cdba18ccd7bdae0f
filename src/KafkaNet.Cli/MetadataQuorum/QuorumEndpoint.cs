using System.Globalization;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.MetadataQuorum;

/// <summary>One HOST:PORT of --bootstrap-server or --bootstrap-controller (an IPv6 host may be in brackets).</summary>
internal sealed record QuorumEndpoint(string Host, int Port)
{
    /// <summary>Parses text already checked by <see cref="ArgumentCursor.BootstrapServers"/>.</summary>
    public static QuorumEndpoint Parse(string text)
    {
        int colon = text.LastIndexOf(':');
        return new QuorumEndpoint(text[..colon].Trim('[', ']'), int.Parse(text.AsSpan(colon + 1), CultureInfo.InvariantCulture));
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
