using KafkaNet.Cli.Arguments;
using AdminClient = KafkaNet.Cli.Admin.AdminClient;

namespace KafkaNet.Cli.Reassignment;

/// <summary>
/// `kafkanet reassign-partitions`: proposes, starts, checks, lists and cancels moves of partitions between brokers, as
/// Kafka's kafka-reassign-partitions does. Exit codes: 0 done, 1 the cluster refused or could not be reached or a
/// file could not be used, 1 also for invalid arguments.
/// </summary>
internal static class ReassignmentCommand
{
    public const string Name = "reassign-partitions";

    private const string ExistingReassignment = "Cannot execute because there is an existing partition assignment.  Use --additional to override this and "
        + "create a new partition assignment in addition to the existing one.";

    /// <param name="args">The arguments after "reassign-partitions".</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var (arguments, exitCode) = await CommandArguments.ParseAsync(
            () => ReassignmentArguments.Parse(args), a => a.Action == ReassignmentAction.Help, Usage.ReassignPartitions, stdout, stderr).ConfigureAwait(false);
        if (arguments is null)
        {
            return exitCode;
        }

        try
        {
            var properties = AdminClient.Properties(arguments.BootstrapServers, arguments.CommandConfig);
            using var admin = new ReassignmentAdmin(properties);
            await using var connection = new ReassignmentConnection(arguments.BootstrapServers, properties);
            var run = new ReassignmentRun(admin, connection, stdout, cancellationToken);
            await (arguments.Action switch
            {
                ReassignmentAction.Generate => run.GenerateAsync(arguments),
                ReassignmentAction.Execute => run.ExecuteAsync(arguments),
                ReassignmentAction.Verify => run.VerifyAsync(arguments),
                ReassignmentAction.Cancel => run.CancelAsync(arguments),
                _ => run.ListAsync(arguments.Json),
            }).ConfigureAwait(false);
            return ExitCode.Done;
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

    /// <summary>One run's actions, each printing as it goes so --execute shows the rollback document even when the start fails.</summary>
    private sealed class ReassignmentRun(ReassignmentAdmin admin, ReassignmentConnection connection, TextWriter stdout, CancellationToken cancellationToken)
    {
        public async Task GenerateAsync(ReassignmentArguments arguments)
        {
            var topics = ReassignmentJson.ParseTopics(InputFile.ReadText(arguments.TopicsToMoveJsonFile!));
            var duplicates = topics.GroupBy(t => t, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (duplicates.Count > 0)
            {
                throw new CommandFailedException($"List of topics to reassign contains duplicate entries: {string.Join(", ", duplicates)}");
            }

            var current = await admin.ReplicasAsync(topics).ConfigureAwait(false);
            var known = await admin.BrokerIdsAsync().ConfigureAwait(false);
            var proposed = ProposedAssignment.Propose(current, [.. arguments.BrokerList.Where(known.Contains)]);
            await stdout.WriteLineAsync(arguments.Json ? ReassignmentReport.GeneratedJson(current, proposed) : ReassignmentReport.Generated(current, proposed))
                .ConfigureAwait(false);
        }

        public async Task ExecuteAsync(ReassignmentArguments arguments)
        {
            var targets = Targets(arguments);
            CheckExecutable(targets);
            if (!arguments.Additional && (await connection.ListAsync(null, cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                throw new CommandFailedException(ExistingReassignment);
            }

            var known = await admin.BrokerIdsAsync().ConfigureAwait(false);
            if (targets.SelectMany(t => t.Replicas).FirstOrDefault(id => !known.Contains(id), -1) is var unknown and >= 0)
            {
                throw new CommandFailedException($"Unknown broker id {unknown}");
            }

            var current = await CurrentAsync(targets).ConfigureAwait(false);
            var missing = targets.Where(t => !current.ContainsKey(t.Key)).Select(t => t.Name).ToList();
            if (missing.Count > 0)
            {
                throw new CommandFailedException($"UNKNOWN_TOPIC_OR_PARTITION: Unable to find partition: {string.Join(", ", missing)}");
            }

            if (arguments.Throttle is not null)
            {
                await RefuseThrottleAsync(known).ConfigureAwait(false);
            }

            await stdout.WriteLineAsync(ReassignmentReport.Rollback(current.Values)).ConfigureAwait(false);
            var refused = await connection.AlterAsync(targets, cancel: false, cancellationToken).ConfigureAwait(false);
            if (refused.Count > 0)
            {
                throw new CommandFailedException(ReassignmentReport.Refused("Error reassigning partition(s):", refused));
            }

            await stdout.WriteLineAsync(ReassignmentReport.Started(targets)).ConfigureAwait(false);
        }

        public async Task VerifyAsync(ReassignmentArguments arguments)
        {
            var targets = Targets(arguments);
            var ongoing = (await connection.ListAsync(null, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Partition.Key, r => r.Partition);
            var current = await CurrentAsync(targets, skipUnknown: true).ConfigureAwait(false);
            var states = ReassignmentReport.States(targets, ongoing, current);
            await stdout.WriteLineAsync(arguments.Json ? ReassignmentReport.StatusJson(states) : ReassignmentReport.Status(states)).ConfigureAwait(false);
        }

        public async Task CancelAsync(ReassignmentArguments arguments)
        {
            var targets = Targets(arguments);
            var active = (await connection.ListAsync(targets, cancellationToken).ConfigureAwait(false)).Select(r => r.Partition).ToList();
            if (active.Count > 0)
            {
                var refused = await connection.AlterAsync(active, cancel: true, cancellationToken).ConfigureAwait(false);
                if (refused.Count > 0)
                {
                    throw new CommandFailedException(ReassignmentReport.Refused($"Error cancelling partition reassignment{(refused.Count == 1 ? string.Empty : "s")} for:", refused));
                }
            }

            await stdout.WriteLineAsync(ReassignmentReport.Cancelled(active)).ConfigureAwait(false);
        }

        public async Task ListAsync(bool json)
        {
            var ongoing = await connection.ListAsync(null, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync(json ? ReassignmentReport.OngoingJson(ongoing) : ReassignmentReport.Ongoing(ongoing)).ConfigureAwait(false);
        }

        private static IReadOnlyList<PartitionReplicas> Targets(ReassignmentArguments arguments) =>
            ReassignmentJson.ParsePartitions(InputFile.ReadText(arguments.ReassignmentJsonFile!));

        /// <summary>The checks Kafka's tool makes of a file before it starts anything.</summary>
        private static void CheckExecutable(IReadOnlyList<PartitionReplicas> targets)
        {
            if (targets.Count == 0)
            {
                throw new CommandFailedException("Partition reassignment list cannot be empty");
            }

            if (targets.Any(t => t.Replicas.Count == 0))
            {
                throw new CommandFailedException("Partition replica list cannot be empty");
            }

            var twice = targets.GroupBy(t => t.Key).Where(g => g.Count() > 1).Select(g => g.First().Name).ToList();
            if (twice.Count > 0)
            {
                throw new CommandFailedException($"Partition reassignment contains duplicate topic partitions: {string.Join(",", twice)}");
            }

            var repeated = targets.Where(t => t.Replicas.Distinct().Count() != t.Replicas.Count)
                .Select(t => $"{t.Name} contains multiple entries for {PartitionReplicas.Ids(t.Replicas.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key))}").ToList();
            if (repeated.Count > 0)
            {
                throw new CommandFailedException($"Partition replica lists may not contain duplicate entries: {string.Join(". ", repeated)}");
            }
        }

        /// <summary>The replicas now of each partition named in the file that exists.</summary>
        private async Task<Dictionary<(string, int), PartitionReplicas>> CurrentAsync(IReadOnlyList<PartitionReplicas> targets, bool skipUnknown = false)
        {
            var wanted = targets.Select(t => t.Key).ToHashSet();
            var replicas = await admin.ReplicasAsync(targets.Select(t => t.Topic), skipUnknown).ConfigureAwait(false);
            return replicas.Where(p => wanted.Contains(p.Key)).ToDictionary(p => p.Key);
        }

        /// <summary>
        /// --throttle sets Kafka's replication throttle configs, which this cluster may not have; either way nothing is
        /// moved unthrottled when a throttle was asked for.
        /// </summary>
        private async Task RefuseThrottleAsync(IReadOnlySet<int> brokers)
        {
            int broker = brokers.Min();
            if (!await admin.ThrottlesSupportedAsync(broker).ConfigureAwait(false))
            {
                throw new CommandFailedException($"--throttle is not supported by this cluster: broker {broker} has no replication throttles "
                    + $"({ReassignmentAdmin.LeaderThrottleRate}); nothing was reassigned. Run again without --throttle.");
            }

            throw new CommandFailedException("--throttle is not supported by kafkanet reassign-partitions yet; nothing was reassigned. "
                + "Run again without --throttle, or set the replication throttle configs first.");
        }
    }
}
