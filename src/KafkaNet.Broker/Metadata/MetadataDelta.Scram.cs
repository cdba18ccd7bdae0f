using System.Collections.Immutable;
using KafkaNet.Broker.Security.Scram;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Metadata;

// Replay of UserScramCredentialRecord (add or replace) and RemoveUserScramCredentialRecord.
public sealed partial class MetadataDelta
{
    private ImmutableDictionary<ScramCredentialKey, ScramCredential>.Builder _scram = null!;

    private void ReplayScram(UserScramCredentialRecord r)
    {
        if (ScramMechanism.FromType(r.Mechanism) is null)
        {
            throw new MetadataReplayException($"UserScramCredentialRecord for {r.Name} names unknown mechanism {r.Mechanism}");
        }
        _scram[new ScramCredentialKey(r.Name, r.Mechanism)] = new ScramCredential(r.Salt.ToArray(), r.StoredKey.ToArray(), r.ServerKey.ToArray(), r.Iterations);
    }

    private void ReplayRemoveScram(RemoveUserScramCredentialRecord r)
    {
        if (!_scram.Remove(new ScramCredentialKey(r.Name, r.Mechanism)))
        {
            throw new MetadataReplayException($"RemoveUserScramCredentialRecord for {r.Name} with mechanism {r.Mechanism}: no such credential");
        }
    }
}
