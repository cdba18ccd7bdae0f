using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Handlers;

/// <summary>
/// Takes the entries a principal may not touch out of a request before it is served or forwarded to the controller,
/// so only the authorized ones reach it; their answers are added to the response afterwards.
/// </summary>
internal static class RefusedEntries
{
    /// <param name="check">NONE to keep the entry; an authorization error takes it out.</param>
    public static List<(T Entry, ErrorCode Error)> Take<T>(List<T> entries, Func<T, ErrorCode> check)
    {
        var refused = new List<(T, ErrorCode)>();
        entries.RemoveAll(entry =>
        {
            var error = check(entry);
            if (error != ErrorCode.None)
            {
                refused.Add((entry, error));
            }
            return error != ErrorCode.None;
        });
        return refused;
    }

    /// <param name="check">None to keep the entry; an error (with its message) takes it out.</param>
    public static List<(T Entry, ApiError Error)> TakeInvalid<T>(List<T> entries, Func<T, ApiError> check)
    {
        var invalid = new List<(T, ApiError)>();
        entries.RemoveAll(entry =>
        {
            var error = check(entry);
            if (error.IsError)
            {
                invalid.Add((entry, error));
            }
            return error.IsError;
        });
        return invalid;
    }
}
