namespace KafkaNet.Protocol;

/// <summary>
/// A generated response with a top-level ErrorCode field, so the connection layer can answer
/// any such API with an error (for example UNSUPPORTED_VERSION) without knowing its shape.
/// </summary>
public interface IHasErrorCode
{
    short ErrorCode { get; set; }

    /// <summary>Whether the ErrorCode field is on the wire in this version.</summary>
    bool HasErrorCodeIn(short version);
}
