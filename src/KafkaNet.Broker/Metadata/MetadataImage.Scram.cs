using System.Collections.Immutable;
using KafkaNet.Broker.Security.Scram;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Broker.Metadata;

// SCRAM credentials: user and mechanism → salt, stored key, server key and iterations (UserScramCredentialRecord).
public sealed partial record MetadataImage
{
    public ImmutableDictionary<ScramCredentialKey, ScramCredential> ScramCredentials { get; init; } =
        ImmutableDictionary<ScramCredentialKey, ScramCredential>.Empty;

    /// <summary>The user's credential for the mechanism (Kafka's type code), or null when it has none.</summary>
    public ScramCredential? FindScramCredential(string user, sbyte mechanism) =>
        ScramCredentials.TryGetValue(new ScramCredentialKey(user, mechanism), out var credential) ? credential : null;

    private void AddScramRecords(List<MetadataRecord> records)
    {
        foreach (var (key, credential) in ScramCredentials.OrderBy(c => c.Key.User, StringComparer.Ordinal).ThenBy(c => c.Key.Mechanism))
        {
            records.Add(MetadataRecord.Latest(new UserScramCredentialRecord
            {
                Name = key.User,
                Mechanism = key.Mechanism,
                Salt = credential.Salt,
                StoredKey = credential.StoredKey,
                ServerKey = credential.ServerKey,
                Iterations = credential.Iterations,
            }));
        }
    }
}
