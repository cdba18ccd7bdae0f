using KafkaNet.Protocol;

namespace KafkaNet.WebConsole.Dispatch;

/// <summary>A console request the broker refused, with Kafka's error for it; the API answers it as JSON.</summary>
internal sealed class ConsoleApiException : Exception
{
    public ConsoleApiException(ErrorCode error, string? message)
        : base(string.IsNullOrEmpty(message) ? ErrorCodes.Name(error) : message)
    {
        Error = error;
    }

    public ConsoleApiException()
    {
    }

    public ConsoleApiException(string message)
        : base(message)
    {
    }

    public ConsoleApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ErrorCode Error { get; } = ErrorCode.UnknownServerError;

    /// <summary>Kafka's name of the error, e.g. TOPIC_ALREADY_EXISTS.</summary>
    public string ErrorName => ErrorCodes.Name(Error);

    /// <summary>Throws for any error code but NONE.</summary>
    public static void ThrowIfError(short errorCode, string? message, string subject)
    {
        if (errorCode != 0)
        {
            var error = (ErrorCode)errorCode;
            throw new ConsoleApiException(error, string.IsNullOrEmpty(message) ? $"{ErrorCodes.Name(error)} ({subject})" : message);
        }
    }
}
