using System.Globalization;
using KafkaNet.Broker;
using KafkaNet.Cli.Arguments;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Cli.MetadataQuorum;

/// <summary>
/// What add-controller reads from the joining controller's properties file, as Kafka's tool does: its node.id, the
/// directory.id (and cluster.id) of meta.properties in its metadata log directory, and the endpoints of its
/// controller listeners (advertised.listeners over listeners).
/// </summary>
internal sealed record ControllerConfig(int NodeId, Guid DirectoryId, string? ClusterId, IReadOnlyList<ListenerEndpoint> Endpoints)
{
    private const string Invalid = "Is this a valid controller configuration file?";

    /// <summary>Reads a properties file (Kafka's format) as the command's --command-config.</summary>
    /// <exception cref="CommandFailedException">The file is missing, unreadable or malformed.</exception>
    public static IReadOnlyDictionary<string, string> LoadProperties(string path)
    {
        try
        {
            return CommandConfigFile.Load(path);
        }
        catch (ConfigException e)
        {
            throw new CommandFailedException(e.Message, e);
        }
    }

    /// <exception cref="CommandFailedException">A property is missing or wrong, or meta.properties has no directory id.</exception>
    public static ControllerConfig From(IReadOnlyDictionary<string, string> properties)
    {
        int nodeId = ReadNodeId(properties);
        string metadataDirectory = MetadataDirectory(properties);
        string metaPath = Path.Combine(metadataDirectory, MetaProperties.FileName);
        if (!File.Exists(metaPath))
        {
            throw new CommandFailedException($"Unable to read {MetaProperties.FileName} from {metadataDirectory}");
        }

        var meta = LoadProperties(metaPath);
        if (!meta.TryGetValue("directory.id", out var text) || !KafkaUuid.TryParse(text, out var directoryId))
        {
            throw new CommandFailedException($"No directory id found in {metadataDirectory}");
        }

        return new ControllerConfig(nodeId, directoryId, meta.GetValueOrDefault("cluster.id"), ReadEndpoints(properties));
    }

    private static int ReadNodeId(IReadOnlyDictionary<string, string> properties)
    {
        if (!properties.TryGetValue("node.id", out var text))
        {
            throw new CommandFailedException($"node.id not found in configuration file. {Invalid}");
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int nodeId))
        {
            throw new CommandFailedException($"node.id '{text}' is not an integer. {Invalid}");
        }

        if (nodeId < 0)
        {
            throw new CommandFailedException($"node.id was negative in configuration file. {Invalid}");
        }

        if (!properties.GetValueOrDefault("process.roles", string.Empty).Contains("controller", StringComparison.Ordinal))
        {
            throw new CommandFailedException($"process.roles did not contain 'controller' in configuration file. {Invalid}");
        }

        return nodeId;
    }

    /// <summary>metadata.log.dir, else the first of log.dirs, else log.dir.</summary>
    private static string MetadataDirectory(IReadOnlyDictionary<string, string> properties)
    {
        if (properties.TryGetValue("metadata.log.dir", out var metadataLogDir) && metadataLogDir.Length > 0)
        {
            return metadataLogDir;
        }

        foreach (string key in new[] { "log.dirs", "log.dir" })
        {
            if (properties.TryGetValue(key, out var dirs) && dirs.Split(',')[0].Trim() is { Length: > 0 } first)
            {
                return first;
            }
        }

        throw new CommandFailedException($"Neither metadata.log.dir nor log.dirs were found. {Invalid}");
    }

    /// <summary>One endpoint for each name of controller.listener.names, each of which must have one.</summary>
    private static List<ListenerEndpoint> ReadEndpoints(IReadOnlyDictionary<string, string> properties)
    {
        var byName = new Dictionary<string, ListenerEndpoint>(StringComparer.Ordinal);
        foreach (string key in new[] { "listeners", "advertised.listeners" })
        {
            foreach (var endpoint in ParseListeners(properties.GetValueOrDefault(key, string.Empty)))
            {
                byName[endpoint.Name] = endpoint;
            }
        }

        if (!properties.TryGetValue("controller.listener.names", out var names))
        {
            throw new CommandFailedException($"controller.listener.names was not found. {Invalid}");
        }

        var endpoints = new List<ListenerEndpoint>();
        foreach (string name in names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string normalised = name.ToUpperInvariant();
            endpoints.Add(byName.GetValueOrDefault(normalised)
                ?? throw new CommandFailedException($"Cannot find information about controller listener name: {normalised}"));
        }

        return endpoints.Count > 0 ? endpoints : throw new CommandFailedException($"controller.listener.names is empty. {Invalid}");
    }

    /// <summary>NAME://host:port entries; an empty host is localhost, as Kafka's tool sends it.</summary>
    private static IEnumerable<ListenerEndpoint> ParseListeners(string list)
    {
        foreach (string entry in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var endpoint = ListenerEndpoint.TryParse(entry, out string error) ?? throw new CommandFailedException(error);
            yield return endpoint.Host.Length == 0 ? new ListenerEndpoint(endpoint.Name, "localhost", endpoint.Port) : endpoint;
        }
    }
}
