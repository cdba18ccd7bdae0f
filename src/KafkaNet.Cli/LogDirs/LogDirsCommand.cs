using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cli.LogDirs;

/// <summary>
/// `kafkanet log-dirs --describe`: each broker's log directories and the size of every partition in them, as Kafka's
/// kafka-log-dirs prints them. Exit codes: 0 done, 1 a broker of --broker-list is not in the cluster, or the cluster
/// answered with an error or could not be reached, 1 also for invalid arguments.
/// </summary>
internal static class LogDirsCommand
{
    public const string Name = "log-dirs";

    /// <param name="args">The arguments after "log-dirs".</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var (arguments, exitCode) = await CommandArguments.ParseAsync(
            () => LogDirsArguments.Parse(args), a => a.IsHelp, Usage.LogDirs, stdout, stderr).ConfigureAwait(false);
        if (arguments is null)
        {
            return exitCode;
        }

        try
        {
            await using var cluster = BrokerClients.Connect(AdminClient.Properties(arguments.BootstrapServers, arguments.CommandConfig), Name);
            await DescribeAsync(cluster, arguments, stdout, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Asks each broker (of --broker-list, else all) for every log dir, then prints what the topics of --topic-list hold.</summary>
    private static async Task DescribeAsync(BrokerClients cluster, LogDirsArguments arguments, TextWriter stdout, CancellationToken cancellationToken)
    {
        var unknown = arguments.Brokers.Where(b => !cluster.Has(b)).Order().ToList();
        if (unknown.Count > 0)
        {
            throw new CommandFailedException($"The given brokers do not exist from --broker-list: {string.Join(",", unknown)}. "
                + $"Current existent brokers: {string.Join(",", cluster.BrokerIds)}");
        }

        var brokers = arguments.Brokers.Count > 0 ? [.. arguments.Brokers.Order()] : cluster.BrokerIds;
        await stdout.WriteLineAsync("Querying brokers for log directories information").ConfigureAwait(false);
        var answers = new Dictionary<int, DescribeLogDirsResponse>();
        foreach (int broker in brokers)
        {
            short version = await cluster.VersionAsync(broker, DescribeLogDirsRequest.ApiKey, 1, 4, "DescribeLogDirs", cancellationToken).ConfigureAwait(false);
            var answer = await cluster.SendAsync<DescribeLogDirsResponse>(broker, new DescribeLogDirsRequest { Topics = null }, DescribeLogDirsRequest.ApiKey, version,
                cancellationToken).ConfigureAwait(false);
            ProtocolRequests.ThrowOnError(answer.ErrorCode, $"Failed to describe the log dirs of broker {broker}");
            answers[broker] = answer;
        }

        await stdout.WriteLineAsync($"Received log directory information from brokers {string.Join(",", brokers)}").ConfigureAwait(false);
        await stdout.WriteLineAsync(LogDirsReport.Json(answers, arguments.Topics)).ConfigureAwait(false);
    }
}
