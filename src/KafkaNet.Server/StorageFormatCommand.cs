using KafkaNet.Broker;
using KafkaNet.Cluster.Controller;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Protocol.Metadata;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server;

/// <summary>
/// <c>kafkanet-server format</c>, as Kafka's <c>kafka-storage.sh format</c>: writes meta.properties into the data
/// directory and, for a controller of a dynamic quorum (controller.quorum.bootstrap.servers without
/// controller.quorum.voters), its initial voter set: <c>--standalone</c> (this controller alone),
/// <c>--initial-controllers id@host:port:directory-id,...</c>, or <c>--no-initial-controllers</c> for a controller
/// that joins later through AddRaftVoter. <c>--add-scram</c> (KIP-900) leaves SCRAM users for the metadata log's first
/// active controller to write (<see cref="BootstrapRecordsFile"/>). <c>kafkanet-server random-uuid</c> prints a new cluster id.
/// </summary>
internal static class StorageFormatCommand
{
    public const string Usage = """
        Usage: kafkanet-server format [server.properties] [--override key=value]... --cluster-id ID
                                      [--standalone | --initial-controllers LIST | --no-initial-controllers]
                                      [--add-scram CREDENTIAL]...
               kafkanet-server random-uuid

          -t, --cluster-id ID               the cluster id (kafkanet-server random-uuid makes one)
          -s, --standalone                  a dynamic quorum whose only initial voter is this controller
          -I, --initial-controllers LIST    a dynamic quorum with these initial voters: id@host:port:directory-id,...
          -N, --no-initial-controllers      a controller that joins an existing dynamic quorum through AddRaftVoter
          -g, --ignore-formatted            succeed without change when the directory is formatted already
          -S, --add-scram CREDENTIAL        a SCRAM user the new cluster starts with (repeatable), e.g.
                                              'SCRAM-SHA-256=[name=alice,password=alice-secret]'
                                              'SCRAM-SHA-512=[name=alice,iterations=8192,salt="N3E=",saltedpassword="YCE="]'
                                            iterations 4096 (default) to 16384; salt random unless given (base64)
        """;

    private const int Failed = 1;
    private const int BadArguments = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        string? clusterId = null;
        string? initialControllers = null;
        bool standalone = false, noInitial = false, ignoreFormatted = false;
        var rest = new List<string>();
        var scramArguments = new List<string>();
        try
        {
            for (int i = 0; i < args.Count; i++)
            {
                switch (args[i])
                {
                    case "-t" or "--cluster-id": clusterId = Next(args, ref i); break;
                    case "-s" or "--standalone": standalone = true; break;
                    case "-I" or "--initial-controllers": initialControllers = Next(args, ref i); break;
                    case "-N" or "--no-initial-controllers": noInitial = true; break;
                    case "-g" or "--ignore-formatted": ignoreFormatted = true; break;
                    case "-S" or "--add-scram": scramArguments.Add(Next(args, ref i)); break;
                    case "-h" or "--help":
                        await Console.Out.WriteLineAsync(Usage).ConfigureAwait(false);
                        return 0;
                    default: rest.Add(args[i]); break;
                }
            }
            if (clusterId is null)
            {
                throw new ConfigException("--cluster-id", string.Empty, "format needs --cluster-id (kafkanet-server random-uuid makes one)");
            }
            if ((standalone ? 1 : 0) + (initialControllers is null ? 0 : 1) + (noInitial ? 1 : 0) > 1)
            {
                throw new ConfigException("--standalone", string.Empty, "only one of --standalone, --initial-controllers and --no-initial-controllers may be given");
            }
            var bootstrapRecords = ScramBootstrapRecords(scramArguments);
            var config = ServerConfigurationLoader.Load(CommandLineOptions.Parse(rest), EnvironmentConfigMapping.ReadProcessEnvironment()).Config;
            return await FormatAsync(config, clusterId, standalone, initialControllers, noInitial, ignoreFormatted, bootstrapRecords).ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"kafkanet-server format: {e.Message}\n\n{Usage}").ConfigureAwait(false);
            return BadArguments;
        }
    }

    private static async Task<int> FormatAsync(BrokerConfig config, string clusterId, bool standalone, string? initialControllers,
        bool noInitial, bool ignoreFormatted, IReadOnlyList<MetadataRecord> bootstrapRecords)
    {
        var dataDirectory = Path.GetFullPath(config.LogDirs[0]);
        var cluster = config.Cluster;
        bool dynamicController = cluster.IsController && cluster.Voters.Count == 0 && cluster.BootstrapServers.Count > 0;
        bool quorumFlag = standalone || initialControllers is not null || noInitial;
        if (dynamicController && !quorumFlag)
        {
            throw new ConfigException("controller.quorum.voters", string.Empty,
                "Because controller.quorum.voters is not set on this controller, you must specify one of the following: --standalone, --initial-controllers, or --no-initial-controllers.");
        }
        if (!dynamicController && quorumFlag)
        {
            throw new ConfigException("controller.quorum.voters", string.Join(',', config.ControllerQuorumVoters),
                "--standalone, --initial-controllers and --no-initial-controllers format a controller of a dynamic quorum (controller.quorum.bootstrap.servers without controller.quorum.voters)");
        }
        if (File.Exists(Path.Combine(dataDirectory, MetaProperties.FileName)))
        {
            if (ignoreFormatted)
            {
                await Console.Out.WriteLineAsync($"All of the log directories are already formatted: {dataDirectory}").ConfigureAwait(false);
                return 0;
            }
            await Console.Error.WriteLineAsync($"kafkanet-server format: Log directory {dataDirectory} is already formatted. Use --ignore-formatted to ignore this directory and format the others.").ConfigureAwait(false);
            return Failed;
        }

        var directoryId = Guid.NewGuid();
        IReadOnlyList<ControllerQuorumVoter> voters = [];
        if (standalone)
        {
            var listener = config.Listeners.FirstOrDefault(l => cluster.ControllerListenerNames.Contains(l.Name))
                ?? throw new ConfigException("controller.listener.names", string.Join(',', cluster.ControllerListenerNames), "--standalone needs a controller listener in listeners");
            voters = [new ControllerQuorumVoter(config.NodeId, ControllerEndpoints.AdvertisedHost(config, listener), listener.Port, directoryId)];
        }
        else if (initialControllers is not null)
        {
            try
            {
                voters = QuorumFormatter.ParseInitialControllers(initialControllers);
            }
            catch (FormatException e)
            {
                throw new ConfigException("--initial-controllers", initialControllers, e.Message);
            }
            // This controller's directory id is the one the list names for it, as Kafka formats it.
            directoryId = voters.FirstOrDefault(v => v.NodeId == config.NodeId)?.DirectoryId ?? directoryId;
        }

        try
        {
            // Before meta.properties, which marks the directory formatted: a failure here leaves it unformatted.
            if (bootstrapRecords.Count > 0)
            {
                BootstrapRecordsFile.Write(dataDirectory, bootstrapRecords);
            }
            MetaProperties.LoadOrCreateClusterId(dataDirectory, config.NodeId, clusterId, directoryId);
            if (dynamicController)
            {
                QuorumFormatter.Format(Path.Combine(dataDirectory, KafkaNet.Storage.LogFileNames.ClusterMetadataTopic + "-0"), voters);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
        {
            await Console.Error.WriteLineAsync($"kafkanet-server format: {e.Message}").ConfigureAwait(false);
            return Failed;
        }
        await Console.Out.WriteLineAsync($"Formatting metadata directory {dataDirectory} with cluster id {clusterId}"
            + (dynamicController ? $" and {voters.Count} initial voter(s)" : string.Empty) + ".").ConfigureAwait(false);
        return 0;
    }

    // The UserScramCredentialRecords of the --add-scram values, in the order given.
    private static List<MetadataRecord> ScramBootstrapRecords(List<string> scramArguments)
    {
        var records = new List<MetadataRecord>(scramArguments.Count);
        foreach (var argument in scramArguments)
        {
            try
            {
                records.Add(MetadataRecord.Latest(StorageFormatScramArgument.Parse(argument)));
            }
            catch (FormatException e)
            {
                // Kafka's message alone: the value may hold a password, which has no place on stderr.
                throw new ConfigException(e.Message);
            }
        }
        return records;
    }

    private static string Next(IReadOnlyList<string> args, ref int i) =>
        i + 1 < args.Count ? args[++i] : throw new ConfigException(args[i], string.Empty, $"{args[i]} needs a value");
}
