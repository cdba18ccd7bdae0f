using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KafkaNet.Protocol;
using KafkaNet.WebConsole.Dispatch;
using Microsoft.AspNetCore.Http;

namespace KafkaNet.WebConsole.Api;

/// <summary>
/// Reads the JSON body of a request that changes something. Only application/json is taken: a browser sends that
/// cross-site only after asking (CORS), which the console never allows, so other sites cannot post to it.
/// </summary>
internal static class RequestBodies
{
    /// <exception cref="ConsoleApiException">The body is not JSON of that shape (INVALID_REQUEST).</exception>
    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw new ConsoleApiException(ErrorCode.InvalidRequest, "The body must be JSON (Content-Type: application/json).");
        }
        try
        {
            return await request.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
                ?? throw new ConsoleApiException(ErrorCode.InvalidRequest, "The body is empty.");
        }
        catch (JsonException e)
        {
            throw new ConsoleApiException(ErrorCode.InvalidRequest, "The body is not valid: " + e.Message);
        }
    }
}
