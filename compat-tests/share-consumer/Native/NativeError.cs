using System.Runtime.InteropServices;

namespace KafkaNet.Compat.ShareConsumer.Native;

/// <summary>What an rd_kafka_error_t said, copied out before it is destroyed.</summary>
internal sealed record NativeError(string Name, string Message, bool Fatal)
{
    /// <summary>Reads and destroys <paramref name="error"/>; null when the call succeeded (a null pointer).</summary>
    public static NativeError? Take(nint error)
    {
        if (error == 0)
        {
            return null;
        }
        try
        {
            return new NativeError(
                Marshal.PtrToStringUTF8(LibRdKafka.ErrorName(error)) ?? "?",
                Marshal.PtrToStringUTF8(LibRdKafka.ErrorString(error)) ?? "",
                LibRdKafka.ErrorIsFatal(error) != 0);
        }
        finally
        {
            LibRdKafka.ErrorDestroy(error);
        }
    }

    /// <summary>The name of an rd_kafka_resp_err_t code, such as NO_ERROR or _STATE.</summary>
    public static string CodeName(int code) => Marshal.PtrToStringUTF8(LibRdKafka.ErrorCodeName(code)) ?? code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => (Fatal ? "fatal " : "") + Name + ": " + Message;
}
