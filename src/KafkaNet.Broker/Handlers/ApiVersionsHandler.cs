// ApiVersions (key 18), versions 0-4.
// Lists exactly the version ranges of the registered handlers. Versions 3+ carry the client's
// software name and version, which must match Kafka's pattern or get INVALID_REQUEST.
// A request newer than v4 never reaches this handler: the connection answers it with a v0
// response carrying UNSUPPORTED_VERSION and these same ranges (see KafkaConnectionHandler).
// Deviation: no supported or finalized features are listed yet.
using System.Text.RegularExpressions;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed partial class ApiVersionsHandler : ApiHandler<ApiVersionsRequest, ApiVersionsResponse>
{
    public override short ApiKey => ApiVersionsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 4;

    protected override ValueTask<ApiVersionsResponse?> HandleAsync(RequestContext context, ApiVersionsRequest request, CancellationToken cancellationToken)
    {
        if (context.ApiVersion >= 3 && (!IsValidSoftwareField(request.ClientSoftwareName) || !IsValidSoftwareField(request.ClientSoftwareVersion)))
        {
            return ValueTask.FromResult<ApiVersionsResponse?>(new ApiVersionsResponse { ErrorCode = (short)ErrorCode.InvalidRequest });
        }
        return ValueTask.FromResult<ApiVersionsResponse?>(Build(context.Handlers, ErrorCode.None));
    }

    /// <summary>The response listing our ranges; also used, at v0, to refuse unsupported ApiVersions versions.</summary>
    public static ApiVersionsResponse Build(ApiHandlerRegistry registry, ErrorCode error)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var response = new ApiVersionsResponse { ErrorCode = (short)error };
        foreach (var handler in registry.Handlers)
        {
            response.ApiKeys.Add(new ApiVersionsResponse.ApiVersion
            {
                ApiKey = handler.ApiKey,
                MinVersion = handler.LowestVersion,
                MaxVersion = handler.HighestVersion,
            });
        }
        return response;
    }

    private static bool IsValidSoftwareField(string value) => SoftwareField().IsMatch(value);

    [GeneratedRegex("^[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?$")]
    private static partial Regex SoftwareField();
}
