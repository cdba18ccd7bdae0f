using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Security.Scram;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Controller;

/// <summary>
/// Turns an AlterUserScramCredentials request into metadata records and one result per user, as Kafka's controller
/// checks it: a user named twice (in deletions or upsertions) is refused with DUPLICATE_RESOURCE, an unknown mechanism
/// with UNSUPPORTED_SASL_MECHANISM, an empty name or iterations outside 4096-16384 with UNACCEPTABLE_CREDENTIAL, the
/// deletion of a credential that does not exist with RESOURCE_NOT_FOUND. The controller stores no salted password,
/// only the keys derived from it.
/// </summary>
public static class ScramCredentialChanges
{
    private const string Duplicate = "A user credential cannot be altered twice in the same request";

    public static (List<MetadataRecord> Records, AlterUserScramCredentialsResponse Response) Plan(MetadataImage image, AlterUserScramCredentialsRequest request)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(request);
        var deletions = new Dictionary<string, AlterUserScramCredentialsRequest.ScramCredentialDeletion>(StringComparer.Ordinal);
        var upsertions = new Dictionary<string, AlterUserScramCredentialsRequest.ScramCredentialUpsertion>(StringComparer.Ordinal);
        var errors = new Dictionary<string, ApiError>(StringComparer.Ordinal);
        foreach (var deletion in request.Deletions)
        {
            if (errors.ContainsKey(deletion.Name))
            {
                continue;
            }
            var error = deletions.Remove(deletion.Name) ? new ApiError(ErrorCode.DuplicateResource, Duplicate) : ValidateDeletion(image, deletion);
            if (error.IsError)
            {
                errors[deletion.Name] = error;
            }
            else
            {
                deletions[deletion.Name] = deletion;
            }
        }
        foreach (var upsertion in request.Upsertions)
        {
            if (errors.ContainsKey(upsertion.Name))
            {
                continue;
            }
            bool twice = deletions.Remove(upsertion.Name) | upsertions.Remove(upsertion.Name);
            var error = twice ? new ApiError(ErrorCode.DuplicateResource, Duplicate) : ValidateUpsertion(upsertion);
            if (error.IsError)
            {
                errors[upsertion.Name] = error;
            }
            else
            {
                upsertions[upsertion.Name] = upsertion;
            }
        }
        var records = new List<MetadataRecord>();
        var response = new AlterUserScramCredentialsResponse();
        foreach (var deletion in deletions.Values)
        {
            records.Add(MetadataRecord.Latest(new RemoveUserScramCredentialRecord { Name = deletion.Name, Mechanism = deletion.Mechanism }));
            response.Results.Add(new() { User = deletion.Name, ErrorMessage = null });
        }
        foreach (var upsertion in upsertions.Values)
        {
            var mechanism = ScramMechanism.FromType(upsertion.Mechanism)!;
            var credential = ScramFormulas.FromSaltedPassword(mechanism, upsertion.Salt.ToArray(), upsertion.SaltedPassword.ToArray(), upsertion.Iterations);
            records.Add(MetadataRecord.Latest(new UserScramCredentialRecord
            {
                Name = upsertion.Name,
                Mechanism = upsertion.Mechanism,
                Salt = credential.Salt,
                StoredKey = credential.StoredKey,
                ServerKey = credential.ServerKey,
                Iterations = credential.Iterations,
            }));
            response.Results.Add(new() { User = upsertion.Name, ErrorMessage = null });
        }
        foreach (var (user, error) in errors)
        {
            response.Results.Add(new() { User = user, ErrorCode = (short)error.Code, ErrorMessage = error.Message });
        }
        return (records, response);
    }

    private static ApiError ValidateUpsertion(AlterUserScramCredentialsRequest.ScramCredentialUpsertion upsertion)
    {
        var error = ValidateNameAndMechanism(upsertion.Name, upsertion.Mechanism);
        return error.IsError ? error
            : upsertion.Iterations < ScramMechanism.MinIterations ? new ApiError(ErrorCode.UnacceptableCredential, "Too few iterations")
            : upsertion.Iterations > ScramMechanism.MaxIterations ? new ApiError(ErrorCode.UnacceptableCredential, "Too many iterations")
            : ApiError.None;
    }

    private static ApiError ValidateDeletion(MetadataImage image, AlterUserScramCredentialsRequest.ScramCredentialDeletion deletion)
    {
        var error = ValidateNameAndMechanism(deletion.Name, deletion.Mechanism);
        return error.IsError ? error
            : image.FindScramCredential(deletion.Name, deletion.Mechanism) is null
                ? new ApiError(ErrorCode.ResourceNotFound, "Attempt to delete a user credential that does not exist")
                : ApiError.None;
    }

    private static ApiError ValidateNameAndMechanism(string name, sbyte mechanism) =>
        name.Length == 0 ? new ApiError(ErrorCode.UnacceptableCredential, "Username must not be empty")
        : ScramMechanism.FromType(mechanism) is null ? new ApiError(ErrorCode.UnsupportedSaslMechanism, "Unknown SCRAM mechanism")
        : ApiError.None;
}
