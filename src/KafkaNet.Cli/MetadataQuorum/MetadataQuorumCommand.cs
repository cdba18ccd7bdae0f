using KafkaNet.Broker;
using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cli.MetadataQuorum;

/// <summary>
/// `kafkanet metadata-quorum`: describes the KRaft metadata quorum and adds or removes controllers, as Kafka's
/// kafka-metadata-quorum does. Exit codes: 0 done, 1 the cluster answered with an error or could not be reached,
/// 1 also for invalid arguments.
/// </summary>
internal static class MetadataQuorumCommand
{
    public const string Name = "metadata-quorum";

    // As Kafka's admin client: a new voter has 30 seconds to catch up with the leader.
    private const int AddVoterTimeoutMs = 30_000;

    /// <param name="args">The arguments after "metadata-quorum".</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var (arguments, exitCode) = await CommandArguments.ParseAsync(
            () => QuorumArguments.Parse(args), a => a.Command == QuorumCommand.Help, Usage.MetadataQuorum, stdout, stderr).ConfigureAwait(false);
        if (arguments is null)
        {
            return exitCode;
        }

        try
        {
            string output = await ExecuteAsync(arguments, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync(output).ConfigureAwait(false);
            return 0;
        }
        catch (CommandFailedException e)
        {
            return await ExitCode.FailedAsync(stderr, e).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("error: cancelled before the cluster answered.").ConfigureAwait(false);
            return ExitCode.Failed;
        }
    }

    private static async Task<string> ExecuteAsync(QuorumArguments arguments, CancellationToken cancellationToken)
    {
        var properties = arguments.CommandConfig is { } path ? ControllerConfig.LoadProperties(path) : new Dictionary<string, string>();
        var security = ClientSecurity.Read(properties);

        // Read before connecting, so a wrong file fails without touching the cluster.
        var controller = arguments.Command == QuorumCommand.AddController ? ControllerConfig.From(properties) : null;
        if (arguments.DryRun)
        {
            return controller is not null ? Added(controller, "DRY RUN of adding") : Removed(arguments, "DRY RUN of removing");
        }

        await using var connection = new QuorumConnection(arguments.Bootstrap, arguments.ToControllers, security);
        switch (arguments.Command)
        {
            case QuorumCommand.DescribeStatus:
                string clusterId = await connection.ClusterIdAsync(cancellationToken).ConfigureAwait(false);
                var quorum = await connection.DescribeAsync(cancellationToken).ConfigureAwait(false);
                return arguments.Json ? QuorumReport.StatusJson(clusterId, quorum) : QuorumReport.Status(clusterId, quorum);
            case QuorumCommand.DescribeReplication:
                var state = await connection.DescribeAsync(cancellationToken).ConfigureAwait(false);
                return arguments.Json ? QuorumReport.ReplicationJson(state)
                    : QuorumReport.Replication(state, arguments.HumanReadable, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            case QuorumCommand.AddController:
                var add = new AddRaftVoterRequest
                {
                    ClusterId = controller!.ClusterId,
                    TimeoutMs = AddVoterTimeoutMs,
                    VoterId = controller.NodeId,
                    VoterDirectoryId = controller.DirectoryId,
                };
                add.Listeners.AddRange(controller.Endpoints.Select(e => new AddRaftVoterRequest.Listener { Name = e.Name, Host = e.Host, Port = checked((ushort)e.Port) }));
                await connection.ChangeVotersAsync<AddRaftVoterResponse>(add, AddRaftVoterRequest.ApiKey, 1, r => r.ErrorMessage, cancellationToken).ConfigureAwait(false);
                return Added(controller, "Added");
            default:
                var remove = new RemoveRaftVoterRequest { ClusterId = null, VoterId = arguments.ControllerId, VoterDirectoryId = arguments.ControllerDirectoryId };
                await connection.ChangeVotersAsync<RemoveRaftVoterResponse>(remove, RemoveRaftVoterRequest.ApiKey, 0, r => r.ErrorMessage, cancellationToken).ConfigureAwait(false);
                return Removed(arguments, "Removed");
        }
    }

    private static string Added(ControllerConfig controller, string done) =>
        $"{done} controller {controller.NodeId} with directory id {KafkaUuid.Format(controller.DirectoryId)} and endpoints: {string.Join(", ", controller.Endpoints)}";

    private static string Removed(QuorumArguments arguments, string done) =>
        $"{done} KRaft controller {arguments.ControllerId} with directory id {KafkaUuid.Format(arguments.ControllerDirectoryId)}";
}
