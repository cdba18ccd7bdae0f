using Confluent.Kafka.Admin;
using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;
using AdminClient = KafkaNet.Cli.Admin.AdminClient;

namespace KafkaNet.Cli.Acls;

/// <summary>
/// `kafkanet acls`: adds, removes and lists ACLs, as Kafka's kafka-acls does. Exit codes: 0 done, 1 the cluster
/// refused (SECURITY_DISABLED without an authorizer, --list included) or could not be reached, 1 also for invalid arguments.
/// </summary>
internal static class AclsCommand
{
    public const string Name = "acls";

    /// <param name="args">The arguments after "acls".</param>
    /// <param name="stdin">Answers to --remove's confirmation questions, unless --force.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        AclsArguments arguments;
        IReadOnlyList<(ResourcePatternFilter Resource, IReadOnlyList<AccessControlEntry> Entries)> bindings = [];
        try
        {
            arguments = AclsArguments.Parse(args);
            if (arguments.Action is AclsAction.Add or AclsAction.Remove)
            {
                bindings = AclBindings.ForResources(arguments);
            }

            if (arguments.Action == AclsAction.Add && bindings.Any(b => b.Entries.Count == 0))
            {
                throw new UsageException("You must specify one of: --allow-principal, --deny-principal when trying to add ACLs.");
            }
        }
        catch (UsageException e)
        {
            return await ExitCode.RefusedAsync(stderr, e, Usage.Acls).ConfigureAwait(false);
        }

        if (arguments.Action == AclsAction.Help)
        {
            await stdout.WriteLineAsync(Usage.Acls).ConfigureAwait(false);
            return ExitCode.Done;
        }

        try
        {
            var properties = AdminClient.Properties(arguments.BootstrapServers, arguments.CommandConfig);
            if (arguments.Action == AclsAction.List)
            {
                await ListAsync(arguments, properties, stdout).ConfigureAwait(false);
                return ExitCode.Done;
            }

            using var admin = new AclsAdmin(properties);
            var changed = new List<AclBinding>();
            foreach (var (resource, entries) in bindings)
            {
                if (arguments.Action == AclsAction.Add)
                {
                    if (!arguments.Json)
                    {
                        await stdout.WriteLineAsync(AclsView.Adding(resource, entries)).ConfigureAwait(false);
                    }

                    changed.AddRange(await admin.CreateAsync(resource, entries).ConfigureAwait(false));
                    continue;
                }

                // With --output json the questions go to stderr, so stdout holds the one document.
                string question = entries.Count == 0 ? AclsView.ConfirmDeleteAll(resource) : AclsView.ConfirmRemove(resource, entries);
                if (await ConfirmedAsync(arguments, question, stdin, arguments.Json ? stderr : stdout).ConfigureAwait(false))
                {
                    changed.AddRange(await admin.DeleteAsync(resource, entries).ConfigureAwait(false));
                }
            }

            if (arguments.Json)
            {
                await stdout.WriteLineAsync(AclsView.Json(arguments.Action == AclsAction.Add ? "created" : "removed", changed)).ConfigureAwait(false);
            }

            return ExitCode.Done;
        }
        catch (CommandFailedException e)
        {
            return await ExitCode.FailedAsync(stderr, e).ConfigureAwait(false);
        }
    }

    /// <summary>--list: Kafka's blocks per resource, or with --principal per principal; with --output json one document.</summary>
    private static async Task ListAsync(AclsArguments arguments, Dictionary<string, string> properties, TextWriter stdout)
    {
        await using var cluster = BrokerClients.Connect(properties, Name);
        var found = await AclsListing.DescribeAsync(cluster, AclBindings.Resources(arguments, required: false), CancellationToken.None).ConfigureAwait(false);
        string text = arguments.Json
            ? AclsView.Json("acls", arguments.ListPrincipals.Count == 0 ? found : found.Where(b => arguments.ListPrincipals.Contains(b.Entry.Principal)))
            : AclsView.Current(found, arguments.ListPrincipals);
        if (text.Length > 0)
        {
            await stdout.WriteLineAsync(text).ConfigureAwait(false);
        }
    }

    private static async Task<bool> ConfirmedAsync(AclsArguments arguments, string question, TextReader stdin, TextWriter stdout)
    {
        if (arguments.Force)
        {
            return true;
        }

        await stdout.WriteLineAsync(question).ConfigureAwait(false);
        string? answer = await stdin.ReadLineAsync().ConfigureAwait(false);
        return string.Equals(answer?.Trim(), "y", StringComparison.OrdinalIgnoreCase);
    }
}
