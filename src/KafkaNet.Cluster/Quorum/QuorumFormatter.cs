using KafkaNet.Broker;

namespace KafkaNet.Cluster.Quorum;

/// <summary>
/// Prepares a controller's metadata log directory for a dynamic quorum, as Kafka's storage format does: with the
/// initial voters (<c>--standalone</c>: this controller alone; <c>--initial-controllers</c>: a list), or with none
/// (<c>--no-initial-controllers</c>), for a controller that joins an existing quorum through AddRaftVoter.
/// </summary>
public static class QuorumFormatter
{
    /// <summary>Whether the directory was formatted for a dynamic quorum.</summary>
    public static bool IsFormatted(string quorumDirectory) =>
        File.Exists(Path.Combine(quorumDirectory, QuorumMembershipFile.FileName));

    /// <exception cref="InvalidOperationException">The directory is formatted already, or holds a metadata log.</exception>
    /// <exception cref="ArgumentException">A voter id is named twice.</exception>
    public static void Format(string quorumDirectory, IReadOnlyList<ControllerQuorumVoter> initialVoters)
    {
        ArgumentException.ThrowIfNullOrEmpty(quorumDirectory);
        ArgumentNullException.ThrowIfNull(initialVoters);
        if (IsFormatted(quorumDirectory) || Directory.Exists(Path.Combine(quorumDirectory, "log")))
        {
            throw new InvalidOperationException($"{quorumDirectory} is already formatted.");
        }
        if (initialVoters.Select(v => v.NodeId).Distinct().Count() != initialVoters.Count)
        {
            throw new ArgumentException("Each initial controller must have its own node id.", nameof(initialVoters));
        }
        QuorumMembershipFile.Write(quorumDirectory, initialVoters);
    }

    /// <summary>Parses Kafka's --initial-controllers list: <c>id@host:port:directory-id</c> entries, comma-separated.</summary>
    /// <exception cref="FormatException">An entry is malformed.</exception>
    public static IReadOnlyList<ControllerQuorumVoter> ParseInitialControllers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var voters = new List<ControllerQuorumVoter>();
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            voters.Add(QuorumMembershipFile.Parse(entry) is { NodeId: >= 0 } voter
                ? voter
                : throw new FormatException($"'{entry}' is not id@host:port:directory-id."));
        }
        return voters;
    }
}
