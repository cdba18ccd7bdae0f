using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Output;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cli.Configs;

/// <summary>
/// SCRAM credentials of users, as Kafka's kafka-configs alters and describes them with --bootstrap-server:
/// --add-config 'SCRAM-SHA-512=[iterations=8192,password=secret]' (iterations default to 4096), --delete-config
/// SCRAM-SHA-512, and "SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-512=iterations=8192".
/// The password never leaves this process: the client sends only a salted hash of it.
/// </summary>
internal static partial class ScramConfigs
{
    private const int DefaultIterations = 4096;
    private const int MinIterations = 4096;

    /// <summary>Alters the one named user's credentials; the line Kafka's tool prints when done.</summary>
    public static async Task<string> AlterAsync(ConfigsArguments arguments, IReadOnlyList<KeyValuePair<string, string>> added, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        string user = arguments.EntityName!;
        var alterations = new List<UserScramCredentialAlteration>();
        alterations.AddRange(arguments.DeleteConfigs.Where(QuotaConfigs.ScramMechanisms.Contains)
            .Select(m => new UserScramCredentialDeletion { User = user, Mechanism = Mechanism(m) }));
        foreach (var (name, value) in added.Where(a => QuotaConfigs.ScramMechanisms.Contains(a.Key)))
        {
            var (iterations, password) = IterationsAndPassword(name, value);
            alterations.Add(new UserScramCredentialUpsertion
            {
                User = user,
                ScramCredentialInfo = new ScramCredentialInfo { Mechanism = Mechanism(name), Iterations = iterations },
                Password = Encoding.UTF8.GetBytes(password),
            });
        }

        using var admin = Admin.AdminClient.Build(Admin.AdminClient.Properties(arguments.BootstrapServers, arguments.CommandConfig));
        try
        {
            await admin.AlterUserScramCredentialsAsync(alterations, new AlterUserScramCredentialsOptions { RequestTimeout = Admin.AdminClient.Timeout })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AlterUserScramCredentialsException e)
        {
            var failed = e.Results.First(r => r.Error.IsError);
            throw new CommandFailedException($"{KafkaErrorText.Name(failed.Error)}: {Clean(failed.Error.Reason)}", e);
        }
        catch (KafkaException e)
        {
            throw new CommandFailedException(KafkaErrorText.Describe(e.Error), e);
        }

        return $"Completed updating config for user {user}.";
    }

    /// <summary>
    /// One line per user (every user with credentials when none is named): its mechanisms and iterations, or why they
    /// could not be read. Sent on our own connection: librdkafka's DescribeUserScramCredentials ends the process when
    /// a describe of every user finds none.
    /// </summary>
    public static async Task<IReadOnlyList<UserCredentials>> DescribeAsync(BootstrapConnection connection, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(users);
        var request = new DescribeUserScramCredentialsRequest
        {
            Users = users.Count == 0 ? null : [.. users.Select(u => new DescribeUserScramCredentialsRequest.UserName { Name = u })],
        };
        var response = await connection.SendAsync<DescribeUserScramCredentialsResponse>(request, QuotaSupport.DescribeUserScramCredentials, 0, cancellationToken)
            .ConfigureAwait(false);
        ProtocolRequests.ThrowOnError(response.ErrorCode, response.ErrorMessage);

        // Users without credentials are left out, as Kafka's admin client leaves them out of the users it reports.
        return [.. response.Results.Where(r => r.ErrorCode != (short)KafkaNet.Protocol.ErrorCode.ResourceNotFound)
            .OrderBy(r => r.User, StringComparer.Ordinal)
            .Select(r => new UserCredentials(
                r.User,
                [.. r.CredentialInfos.Select(i => (MechanismName(i.Mechanism), i.Iterations))],
                r.ErrorCode == 0 ? null : ProtocolRequests.ErrorText(r.ErrorCode, r.ErrorMessage)))];
    }

    /// <summary>"SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-256=iterations=4096", one line per user.</summary>
    public static string Text(IEnumerable<UserCredentials> users) => string.Join('\n', users.Select(u => u.Error is { } error
        ? $"Error retrieving SCRAM credential configs for user-principal '{u.User}': {ExceptionName(error)}"
        : $"SCRAM credential configs for user-principal '{u.User}' are " + string.Join(", ", u.Credentials.Select(c => $"{c.Mechanism}=iterations={c.Iterations}"))));

    /// <summary>"[iterations=N,]password=P" as Kafka's tool reads it; an iterations of -1 or none means 4096.</summary>
    private static (int Iterations, string Password) IterationsAndPassword(string mechanism, string value)
    {
        var match = CredentialPattern().Match(value);
        if (!match.Success)
        {
            throw new CommandFailedException($"Invalid credential property {mechanism}=[hidden]");
        }

        string written = match.Groups[1].Value;
        int iterations = written.Length == 0 || written == "-1" ? DefaultIterations
            : int.TryParse(written, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) ? n
            : throw new CommandFailedException($"Invalid credential property {mechanism}=[hidden]");
        if (iterations < MinIterations)
        {
            throw new CommandFailedException($"Iterations {iterations} is less than the minimum {MinIterations} required for {mechanism}");
        }

        return (iterations, match.Groups[2].Value);
    }

    private static ScramMechanism Mechanism(string name) => name == "SCRAM-SHA-256" ? ScramMechanism.ScramSha256 : ScramMechanism.ScramSha512;

    /// <summary>Kafka's mechanism numbers: 1 SCRAM-SHA-256, 2 SCRAM-SHA-512.</summary>
    private static string MechanismName(sbyte mechanism) => mechanism == 1 ? "SCRAM-SHA-256" : "SCRAM-SHA-512";

    /// <summary>"RESOURCE_NOT_FOUND: message" as Kafka's tool names it: "ResourceNotFoundException: message".</summary>
    private static string ExceptionName(string error)
    {
        int colon = error.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? error : error[..colon];
        return string.Concat(name.Split('_').Select(w => w[..1] + w[1..].ToLowerInvariant())) + "Exception" + (colon < 0 ? string.Empty : error[colon..]);
    }

    // librdkafka hands some reasons over with a stray control character after their end.
    private static string Clean(string reason) => reason.TrimEnd().TrimEnd(reason.Where(char.IsControl).ToArray());

    [GeneratedRegex("^(?:iterations=(-?[0-9]*),)?password=(.*)$", RegexOptions.Singleline)]
    private static partial Regex CredentialPattern();
}
