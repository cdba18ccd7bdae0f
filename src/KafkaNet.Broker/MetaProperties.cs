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

    /// <summary>Reads the cluster id from the data dir, creating the file with a new id if it is missing.</summary>
    public static string LoadOrCreateClusterId(string dataDirectory, int nodeId, string? configuredClusterId)
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
            .Append("directory.id=").Append(Base64Url(Guid.NewGuid())).Append('\n')
            .ToString();
        string temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
        return clusterId;
    }

    /// <summary>A cluster id as Kafka makes them: a random UUID in 22 characters of URL-safe base64.</summary>
    public static string NewClusterId() => Base64Url(Guid.NewGuid());

    private static string Base64Url(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
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
