using KafkaNet.Protocol;
using KafkaNet.WebConsole.Dispatch;
using KafkaNet.WebConsole.Dto;
using Microsoft.AspNetCore.Http;

namespace KafkaNet.WebConsole.Api;

/// <summary>Answers a request the broker refused with Kafka's error name and message as JSON.</summary>
internal sealed class ConsoleErrors : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (ConsoleApiException e)
        {
            return Error(e.ErrorName, e.Message, StatusOf(e.Error));
        }
    }

    public static IResult Error(string error, string message, int statusCode) =>
        Results.Json(new ErrorDto(error, message), ConsoleJsonContext.Default.ErrorDto, statusCode: statusCode);

    /// <summary>An invalid request body or parameter, named as Kafka names it.</summary>
    public static IResult Invalid(string message) =>
        Error(ErrorCodes.Name(ErrorCode.InvalidRequest), message, StatusCodes.Status400BadRequest);

    private static int StatusOf(ErrorCode error) => error switch
    {
        ErrorCode.UnknownTopicOrPartition or ErrorCode.GroupIdNotFound => StatusCodes.Status404NotFound,
        ErrorCode.TopicAlreadyExists or ErrorCode.NonEmptyGroup => StatusCodes.Status409Conflict,
        ErrorCode.UnsupportedVersion => StatusCodes.Status501NotImplemented,
        ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed
            or ErrorCode.TransactionalIdAuthorizationFailed or ErrorCode.DelegationTokenAuthorizationFailed => StatusCodes.Status403Forbidden,
        ErrorCode.SaslAuthenticationFailed => StatusCodes.Status401Unauthorized,
        ErrorCode.UnknownServerError => StatusCodes.Status500InternalServerError,
        _ when ErrorCodes.IsRetriable(error) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };
}
