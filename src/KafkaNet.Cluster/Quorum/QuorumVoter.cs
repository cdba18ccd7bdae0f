using System.Globalization;

namespace KafkaNet.Cluster.Quorum;

/// <summary>One voter of the metadata quorum: its node id and the host:port of its Raft listener.</summary>
public sealed record QuorumVoter(int NodeId, string Host, int Port)
{
    /// <summary>
    /// Parses Kafka's <c>controller.quorum.voters</c> format, e.g. <c>1@host:9093,2@[::1]:9094</c>.
    /// </summary>
    /// <exception cref="FormatException">An entry is malformed, or a node id repeats.</exception>
    public static IReadOnlyList<QuorumVoter> ParseVoters(string controllerQuorumVoters)
    {
        ArgumentNullException.ThrowIfNull(controllerQuorumVoters);
        if (string.IsNullOrWhiteSpace(controllerQuorumVoters))
            throw new FormatException("controller.quorum.voters is empty; expected entries like 1@host:9093.");

        var voters = new List<QuorumVoter>();
        var ids = new HashSet<int>();
        foreach (var raw in controllerQuorumVoters.Split(','))
        {
            var voter = ParseEntry(raw.Trim());
            if (!ids.Add(voter.NodeId))
                throw new FormatException($"controller.quorum.voters names node id {voter.NodeId} more than once.");
            voters.Add(voter);
        }

        return voters;
    }

    private static QuorumVoter ParseEntry(string entry)
    {
        var at = entry.IndexOf('@', StringComparison.Ordinal);
        var colon = entry.LastIndexOf(':');
        if (at <= 0 || colon < at + 2 || colon == entry.Length - 1)
            throw Bad(entry, "expected {id}@{host}:{port}");

        if (!int.TryParse(entry.AsSpan(0, at), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            throw Bad(entry, "the node id is not a non-negative integer");

        if (!int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
            throw Bad(entry, "the port is not in 1..65535");

        var host = entry[(at + 1)..colon];
        if (host.StartsWith('[') && host.EndsWith(']') && host.Length > 2)
            host = host[1..^1];
        if (host.Length == 0 || host.Contains('[', StringComparison.Ordinal) || host.Contains(']', StringComparison.Ordinal)
            || host.Any(char.IsWhiteSpace))
            throw Bad(entry, "the host is empty or malformed");

        return new QuorumVoter(id, host, port);
    }

    private static FormatException Bad(string entry, string why)
        => new($"Invalid controller.quorum.voters entry '{entry}': {why}.");
}
