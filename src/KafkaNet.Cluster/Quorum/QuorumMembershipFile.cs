using System.Globalization;
using System.Text;
using KafkaNet.Broker;

namespace KafkaNet.Cluster.Quorum;

/// <summary>
/// The voter set of a dynamic quorum as this node last knew it, kept beside the Raft log: the Raft engine replicates
/// membership changes but holds them in memory only, so a restarted voter starts from this file. One voter per line,
/// <c>id@host:port:directory-id</c> (id -1 when the address was learned before its VotersRecord).
/// </summary>
internal static class QuorumMembershipFile
{
    public const string FileName = "quorum-voters";

    public static IReadOnlyList<ControllerQuorumVoter>? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        var voters = new List<ControllerQuorumVoter>();
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            voters.Add(Parse(line) ?? throw new InvalidDataException($"{path}: malformed voter line '{line}'"));
        }
        return voters;
    }

    public static void Write(string directory, IEnumerable<ControllerQuorumVoter> voters)
    {
        Directory.CreateDirectory(directory);
        var text = new StringBuilder();
        foreach (var voter in voters.OrderBy(v => v.NodeId))
        {
            text.Append(Format(voter)).Append('\n');
        }
        var path = Path.Combine(directory, FileName);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary><c>id@host:port:directory-id</c>, the form Kafka's --initial-controllers takes (host in brackets when IPv6).</summary>
    public static string Format(ControllerQuorumVoter voter)
    {
        ArgumentNullException.ThrowIfNull(voter);
        var host = voter.Host.Contains(':', StringComparison.Ordinal) ? $"[{voter.Host}]" : voter.Host;
        return string.Create(CultureInfo.InvariantCulture, $"{voter.NodeId}@{host}:{voter.Port}:{KafkaUuid.Format(voter.DirectoryId)}");
    }

    /// <summary>Parses <c>id@host:port:directory-id</c>; null when malformed.</summary>
    public static ControllerQuorumVoter? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int at = text.IndexOf('@', StringComparison.Ordinal);
        int lastColon = text.LastIndexOf(':');
        if (at <= 0 || lastColon <= at)
        {
            return null;
        }
        int portColon = text.LastIndexOf(':', lastColon - 1);
        if (portColon <= at
            || !int.TryParse(text.AsSpan(0, at), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int id)
            || !int.TryParse(text.AsSpan(portColon + 1, lastColon - portColon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port is < 1 or > 65535
            || !KafkaUuid.TryParse(text[(lastColon + 1)..], out var directoryId))
        {
            return null;
        }
        var host = text[(at + 1)..portColon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        return host.Length == 0 ? null : new ControllerQuorumVoter(id, host, port, directoryId);
    }
}
