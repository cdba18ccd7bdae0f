using KafkaNet.Broker;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.MetadataQuorum;

/// <summary>The subcommands of `kafkanet metadata-quorum`, as Kafka's kafka-metadata-quorum names them.</summary>
internal enum QuorumCommand
{
    Help,
    DescribeStatus,
    DescribeReplication,
    AddController,
    RemoveController,
}

/// <summary>
/// The parsed `kafkanet metadata-quorum` command line: where to connect (brokers or controllers), the optional
/// properties file, and one subcommand with its options. The connection options come before the subcommand, as in
/// Kafka's tool; they are also accepted after it.
/// </summary>
internal sealed record QuorumArguments
{
    public QuorumCommand Command { get; init; }

    /// <summary>The HOST:PORT list to try in order.</summary>
    public IReadOnlyList<QuorumEndpoint> Bootstrap { get; init; } = [];

    /// <summary>True with --bootstrap-controller: the endpoints are controller listeners.</summary>
    public bool ToControllers { get; init; }

    public string? CommandConfig { get; init; }

    public bool HumanReadable { get; init; }

    /// <summary>--output json (describe only): one JSON document instead of Kafka's layout.</summary>
    public bool Json { get; init; }

    public bool DryRun { get; init; }

    public int ControllerId { get; init; }

    public Guid ControllerDirectoryId { get; init; }

    public static QuorumArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new QuorumArguments { Command = QuorumCommand.Help };
        }

        var reader = new Reader();
        int commandAt = CommandIndex(args);
        reader.ReadAll(args.Take(commandAt).ToList(), "metadata-quorum", reader.TryConnection);
        if (commandAt == args.Count)
        {
            throw new UsageException("No metadata-quorum command given: use describe, add-controller or remove-controller.");
        }

        string command = args[commandAt];
        var rest = args.Skip(commandAt + 1).Select(ShortForm).ToList();
        string context = "metadata-quorum " + command;
        switch (command)
        {
            case "describe":
                reader.ReadAll(rest, context, (o, c) => reader.TryConnection(o, c) || reader.TryDescribe(o));
                break;
            case "add-controller":
                reader.ReadAll(rest, context, (o, c) => reader.TryConnection(o, c) || reader.TryDryRun(o));
                break;
            case "remove-controller":
                reader.ReadAll(rest, context, (o, c) => reader.TryConnection(o, c) || reader.TryDryRun(o) || reader.TryRemove(o, c));
                break;
            default:
                throw new UsageException($"Unknown metadata-quorum command '{command}': use describe, add-controller or remove-controller.");
        }

        return reader.Build(command);
    }

    /// <summary>Kafka's one-letter names of remove-controller's options.</summary>
    private static string ShortForm(string arg) => arg switch
    {
        "-i" => "--controller-id",
        "-d" => "--controller-directory-id",
        _ => arg,
    };

    /// <summary>Where the subcommand is: the first argument that is neither an option nor an option's value.</summary>
    private static int CommandIndex(IReadOnlyList<string> args)
    {
        int i = 0;
        while (i < args.Count && args[i].StartsWith('-'))
        {
            i += args[i] is "--bootstrap-server" or "--bootstrap-controller" or "--command-config" or "--output" ? 2 : 1;
        }

        return Math.Min(i, args.Count);
    }

    private sealed class Reader
    {
        private string? _bootstrapServer;
        private string? _bootstrapController;
        private string? _commandConfig;
        private bool _status;
        private bool _replication;
        private bool _humanReadable;
        private bool? _json;
        private bool _dryRun;
        private int? _controllerId;
        private Guid? _controllerDirectoryId;

        public void ReadAll(IReadOnlyList<string> args, string context, Func<string, ArgumentCursor, bool> read)
        {
            var cursor = new ArgumentCursor(args);
            while (cursor.TryNextOption(out var option))
            {
                if (!read(option, cursor))
                {
                    throw new UsageException($"Unknown option '{option}' for {context}.");
                }
            }
        }

        public bool TryConnection(string option, ArgumentCursor cursor)
        {
            switch (option)
            {
                case "--bootstrap-server": _bootstrapServer = cursor.BootstrapServers(option); return true;
                case "--bootstrap-controller": _bootstrapController = cursor.BootstrapServers(option); return true;
                case "--command-config": _commandConfig = cursor.String(option); return true;
                case "--output": _json = cursor.OutputIsJson(option); return true;
                default: return false;
            }
        }

        public bool TryDescribe(string option)
        {
            switch (option)
            {
                case "--status": _status = true; return true;
                case "--replication": _replication = true; return true;
                case "--human-readable": _humanReadable = true; return true;
                default: return false;
            }
        }

        public bool TryDryRun(string option)
        {
            if (option != "--dry-run")
            {
                return false;
            }

            _dryRun = true;
            return true;
        }

        public bool TryRemove(string option, ArgumentCursor cursor)
        {
            switch (option)
            {
                case "--controller-id":
                    _controllerId = cursor.Int(option, 0, int.MaxValue);
                    return true;
                case "--controller-directory-id":
                    string text = cursor.String(option);
                    _controllerDirectoryId = KafkaUuid.TryParse(text, out var id) && id != Guid.Empty
                        ? id
                        : throw new UsageException($"Failed to parse --controller-directory-id: '{text}' is not a directory id (22 characters of URL-safe base64).");
                    return true;
                default:
                    return false;
            }
        }

        public QuorumArguments Build(string command)
        {
            if (_bootstrapServer is not null && _bootstrapController is not null)
            {
                throw new UsageException("Only one of --bootstrap-server or --bootstrap-controller can be given.");
            }

            string bootstrap = _bootstrapServer ?? _bootstrapController
                ?? throw new UsageException("One of --bootstrap-server or --bootstrap-controller is required.");
            var arguments = new QuorumArguments
            {
                Command = DescribeCommand(command),
                Bootstrap = bootstrap.Split(',').Select(QuorumEndpoint.Parse).ToList(),
                ToControllers = _bootstrapController is not null,
                CommandConfig = _commandConfig,
                HumanReadable = _humanReadable,
                Json = _json ?? false,
                DryRun = _dryRun,
            };
            if (arguments.Command == QuorumCommand.AddController && _commandConfig is null)
            {
                throw new UsageException("You must supply the configuration file of the controller you are adding when using add-controller.");
            }

            if (arguments.Command != QuorumCommand.RemoveController)
            {
                return arguments;
            }

            ArgumentCursor.Require(_controllerId, "--controller-id");
            ArgumentCursor.Require(_controllerDirectoryId, "--controller-directory-id");
            return arguments with { ControllerId = _controllerId!.Value, ControllerDirectoryId = _controllerDirectoryId!.Value };
        }

        private QuorumCommand DescribeCommand(string command)
        {
            if (command != "describe")
            {
                if (_json is not null)
                {
                    throw new UsageException("The option --output is only supported with the describe sub-command");
                }

                return command == "add-controller" ? QuorumCommand.AddController : QuorumCommand.RemoveController;
            }

            if (_status && _replication)
            {
                throw new UsageException("Only one of --status or --replication should be specified with describe sub-command");
            }

            if (_status && _humanReadable)
            {
                throw new UsageException("The option --human-readable is only supported along with --replication");
            }

            return _status ? QuorumCommand.DescribeStatus
                : _replication ? QuorumCommand.DescribeReplication
                : throw new UsageException("One of --status or --replication must be specified with describe sub-command");
        }
    }
}
