using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage;

/// <summary>An append was refused: a batch failed validation or is larger than max.message.bytes.</summary>
public sealed class InvalidRecordBatchException : Exception
{
    public InvalidRecordBatchException()
    {
    }

    public InvalidRecordBatchException(string message)
        : base(message)
    {
    }

    public InvalidRecordBatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidRecordBatchException(RecordBatchValidationResult problem, string message)
        : base(message)
    {
        Problem = problem;
    }

    /// <summary>What validation found; <see cref="RecordBatchValidationResult.Ok"/> when the batch is only too large.</summary>
    public RecordBatchValidationResult Problem { get; }
}
