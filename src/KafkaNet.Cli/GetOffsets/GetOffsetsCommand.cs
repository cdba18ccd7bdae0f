using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.GetOffsets;

/// <summary>
/// `kafkanet get-offsets`: the offsets of partitions at a time (latest, earliest, max-timestamp or a timestamp), as
/// Kafka's kafka-get-offsets does, through ListOffsets.
/// Exit codes: 0 done, 1 nothing matched or the cluster answered with an error or could not be reached, 1 also for invalid arguments.
/// </summary>
internal static class GetOffsetsCommand
{
    public const string Name = "get-offsets";

    /// <param name="args">The arguments after "get-offsets".</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var (arguments, exitCode) = await CommandArguments.ParseAsync(
            () => GetOffsetsArguments.Parse(args), a => a.IsHelp, Usage.GetOffsets, stdout, stderr).ConfigureAwait(false);
        if (arguments is null)
        {
            return exitCode;
        }

        try
        {
            using var admin = new GetOffsetsAdmin(AdminClient.Properties(arguments.BootstrapServers, arguments.CommandConfig));
            var partitions = (await admin.PartitionsAsync(t => arguments.Rules.Any(r => r.MatchesTopic(t)), arguments.ExcludeInternalTopics).ConfigureAwait(false))
                .Where(p => arguments.Rules.Any(r => r.Matches(p.Topic, p.Partition.Value))).ToList();
            if (partitions.Count == 0)
            {
                throw new CommandFailedException("Could not match any topic-partitions with the specified filters");
            }

            var (offsets, refusals) = await admin.ListOffsetsAsync(partitions, arguments.Time.Spec()).ConfigureAwait(false);
            foreach (var refusal in refusals)
            {
                await stderr.WriteLineAsync(GetOffsetsView.Skipped(refusal)).ConfigureAwait(false);
            }

            string output = GetOffsetsView.Offsets(GetOffsetsView.Sorted(offsets), arguments.Json);
            if (output.Length > 0)
            {
                await stdout.WriteLineAsync(output).ConfigureAwait(false);
            }

            return ExitCode.Done;
        }
        catch (CommandFailedException e)
        {
            return await ExitCode.FailedAsync(stderr, e).ConfigureAwait(false);
        }
    }
}
