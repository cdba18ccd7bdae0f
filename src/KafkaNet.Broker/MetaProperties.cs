using System.Globalization;
using System.Text;

namespace KafkaNet.Broker;

/// <summary>
/// The meta.properties file Kafka keeps in each log dir: it pins the cluster id and node id of
/// the data, so a restart keeps its identity and a data dir from another cluster is refused.
/// </summary>
public static class MetaProperties
{
    public const string FileName = "meta.properties";

    /// <summary>
    /// Reads the cluster id from the data dir, creating the file if it is missing: with the configured cluster id or a
    /// new one, and <paramref name="directoryId"/> or a new directory id.
    /// </summary>
    public static string LoadOrCreateClusterId(string dataDirectory, int nodeId, string? configuredClusterId, Guid? directoryId = null)
    {
        Directory.CreateDirectory(dataDirectory);
        string path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            var values = Parse(File.ReadAllLines(path));
            values.TryGetValue("cluster.id", out string? stored);
            if (values.TryGetValue("node.id", out string? storedNode) && storedNode != nodeId.ToString(CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException($"{path} belongs to node.id {storedNode}, but this broker is node.id {nodeId}");
            }
            if (stored is not null)
            {
                if (configuredClusterId is not null && configuredClusterId != stored)
                {
                    throw new InvalidOperationException($"{path} belongs to cluster {stored}, but cluster.id is {configuredClusterId}");
                }
                return stored;
            }
        }
        string clusterId = configuredClusterId ?? NewClusterId();
        var content = new StringBuilder()
            .Append("version=1\n")
            .Append("cluster.id=").Append(clusterId).Append('\n')
            .Append("node.id=").Append(nodeId.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("directory.id=").Append(KafkaUuid.Format(directoryId ?? Guid.NewGuid())).Append('\n')
            .ToString();
        string temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
        return clusterId;
    }

    /// <summary>A cluster id as Kafka makes them: a random UUID in 22 characters of URL-safe base64.</summary>
    public static string NewClusterId() => KafkaUuid.Format(Guid.NewGuid());

    /// <summary>The directory.id of the data dir's meta.properties (Kafka's log directory id), or null when it has none.</summary>
    public static Guid? ReadDirectoryId(string dataDirectory)
    {
        string path = Path.Combine(dataDirectory, FileName);
        return File.Exists(path)
               && Parse(File.ReadAllLines(path)).TryGetValue("directory.id", out string? text)
               && KafkaUuid.TryParse(text, out var id)
            ? id
            : null;
    }

    private static Dictionary<string, string> Parse(string[] lines)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
            }
        }
        return values;
    }
}
