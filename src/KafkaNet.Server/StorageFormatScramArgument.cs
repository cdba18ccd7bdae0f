using System.Globalization;
using KafkaNet.Broker.Security.Scram;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Server;

/// <summary>
/// One value of <c>format --add-scram</c> (KIP-900), as Kafka's storage tool reads it:
/// <c>SCRAM-SHA-256=[name=alice,password=alice-secret]</c>, or with the base64 <c>salt</c> and <c>saltedpassword</c>
/// instead of the password; <c>iterations</c> defaults to 4096 and must lie in 4096-16384, the salt is random when not
/// given. A value may be in double quotes. The result is the UserScramCredentialRecord AlterUserScramCredentials would
/// have written: salt, stored key, server key and iterations, never the password.
/// </summary>
internal static class StorageFormatScramArgument
{
    public const int DefaultIterations = 4096;

    // The length of a random salt, as the broker salts credentials it is given a password for.
    private const int RandomSaltBytes = 32;

    private static readonly string[] KnownKeys = ["name", "password", "salt", "saltedpassword", "iterations"];

    /// <exception cref="FormatException">The value is malformed; the message says how, in Kafka's words where it has them.</exception>
    public static UserScramCredentialRecord Parse(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        var (mechanism, settings) = SplitMechanism(argument.Trim());
        var name = settings.GetValueOrDefault("name") ?? throw new FormatException("You must supply 'name' to add-scram");
        if (name.Length == 0)
        {
            // Kafka's controller refuses such a user (UNACCEPTABLE_CREDENTIAL); refused here before it reaches the log.
            throw new FormatException("Username must not be empty");
        }
        byte[]? salt = settings.TryGetValue("salt", out var saltText) ? Base64(saltText, "Failed to decode given salt: ") : null;
        int iterations = settings.TryGetValue("iterations", out var iterationsText) ? Iterations(iterationsText) : DefaultIterations;
        settings.TryGetValue("password", out var password);
        settings.TryGetValue("saltedpassword", out var saltedPasswordText);
        if (password is null && saltedPasswordText is null)
        {
            throw new FormatException("You must supply one of 'password' or 'saltedpassword' to add-scram");
        }
        if (password is not null && saltedPasswordText is not null)
        {
            throw new FormatException("You must supply only one of 'password' or 'saltedpassword' to add-scram");
        }
        if (saltedPasswordText is not null && salt is null)
        {
            throw new FormatException("You must supply 'salt' with 'saltedpassword' to add-scram");
        }
        byte[]? givenSaltedPassword = saltedPasswordText is null ? null : Base64(saltedPasswordText, "Failed to decode given saltedPassword: ");
        var unknown = settings.Keys.Where(k => !KnownKeys.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new FormatException("Unknown SCRAM configurations: " + string.Join(", ", unknown));
        }
        if (iterations < ScramMechanism.MinIterations || iterations > ScramMechanism.MaxIterations)
        {
            // Kafka names the mechanism by its Java enum constant here (SCRAM_SHA_256).
            string bound = iterations < ScramMechanism.MinIterations ? $">= {ScramMechanism.MinIterations}" : $"<= {ScramMechanism.MaxIterations}";
            throw new FormatException($"The 'iterations' value must be {bound} for add-scram using {mechanism.Name.Replace('-', '_')}");
        }

        salt ??= System.Security.Cryptography.RandomNumberGenerator.GetBytes(RandomSaltBytes);
        byte[] saltedPassword = givenSaltedPassword ?? ScramFormulas.SaltedPassword(mechanism, password!, salt, iterations);
        var credential = ScramFormulas.FromSaltedPassword(mechanism, salt, saltedPassword, iterations);
        return new UserScramCredentialRecord
        {
            Name = name,
            Mechanism = mechanism.Type,
            Salt = credential.Salt,
            StoredKey = credential.StoredKey,
            ServerKey = credential.ServerKey,
            Iterations = credential.Iterations,
        };
    }

    // MECHANISM=[key=value,...] into the mechanism and its settings (a key given twice: the last one counts, as in Kafka).
    private static (ScramMechanism Mechanism, Dictionary<string, string> Settings) SplitMechanism(string argument)
    {
        int equals = argument.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw new FormatException($"Failed to find equals sign in SCRAM argument '{argument}'");
        }
        string mechanismName = argument[..equals];
        string body = argument[(equals + 1)..];
        var mechanism = ScramMechanism.FromName(mechanismName)
            ?? throw new FormatException($"The add-scram mechanism {mechanismName} is not supported.");
        if (!body.StartsWith('['))
        {
            throw new FormatException("Expected configuration string to start with [");
        }
        if (!body.EndsWith(']'))
        {
            throw new FormatException("Expected configuration string to end with ]");
        }
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var component in body[1..^1].Split(','))
        {
            int split = component.IndexOf('=', StringComparison.Ordinal);
            if (split < 0)
            {
                throw new FormatException($"No equals sign found in SCRAM component: {component}");
            }
            settings[component[..split]] = Unquote(component[(split + 1)..]);
        }
        return (mechanism, settings);
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private static int Iterations(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int iterations)
            ? iterations
            : throw new FormatException($"Failed to parse iterations count: {text}");

    private static byte[] Base64(string text, string failure)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new FormatException(failure + text);
        }
    }
}
