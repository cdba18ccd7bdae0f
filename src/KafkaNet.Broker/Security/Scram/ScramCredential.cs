namespace KafkaNet.Broker.Security.Scram;

/// <summary>
/// What the broker keeps of a SCRAM password (RFC 5802 section 3): the salt, the iteration count, StoredKey =
/// H(HMAC(SaltedPassword, "Client Key")) and ServerKey = HMAC(SaltedPassword, "Server Key"). Neither key lets
/// anyone log in without the password.
/// </summary>
public sealed record ScramCredential(byte[] Salt, byte[] StoredKey, byte[] ServerKey, int Iterations)
{
    // The keys are secrets: a record's generated text would print them.
    public override string ToString() => $"ScramCredential(iterations={Iterations})";
}

/// <summary>A user's credential for one mechanism, as the metadata image keys it.</summary>
public readonly record struct ScramCredentialKey(string User, sbyte Mechanism);
