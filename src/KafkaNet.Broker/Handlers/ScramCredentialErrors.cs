using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

/// <summary>An AlterUserScramCredentials answer giving every user the request names the same error, as Kafka's error response.</summary>
public static class ScramCredentialErrors
{
    public static AlterUserScramCredentialsResponse ForEveryUser(AlterUserScramCredentialsRequest request, ErrorCode code, string? message)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new AlterUserScramCredentialsResponse();
        foreach (string user in request.Deletions.Select(d => d.Name).Concat(request.Upsertions.Select(u => u.Name)).Distinct(StringComparer.Ordinal))
        {
            response.Results.Add(new() { User = user, ErrorCode = (short)code, ErrorMessage = message });
        }
        return response;
    }
}
