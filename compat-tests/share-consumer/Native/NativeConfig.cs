using System.Text;

namespace KafkaNet.Compat.ShareConsumer.Native;

/// <summary>Builds an rd_kafka_conf_t from name/value pairs, reporting the first property librdkafka refuses.</summary>
internal static unsafe class NativeConfig
{
    internal const int ErrorTextSize = 512;

    /// <summary>A new rd_kafka_conf_t the caller owns, or an exception naming the refused property.</summary>
    public static nint Build(IEnumerable<KeyValuePair<string, string>> properties)
    {
        nint conf = LibRdKafka.ConfNew();
        byte* text = stackalloc byte[ErrorTextSize];
        foreach (var (name, value) in properties)
        {
            if (LibRdKafka.ConfSet(conf, name, value, text, ErrorTextSize) != 0)
            {
                LibRdKafka.ConfDestroy(conf);
                throw new ShareConsumerException($"{name}={value} refused: {ErrorText(text)}");
            }
        }
        return conf;
    }

    /// <summary>The NUL-terminated text librdkafka wrote into an errstr buffer.</summary>
    public static string ErrorText(byte* text)
    {
        var written = new ReadOnlySpan<byte>(text, ErrorTextSize);
        int end = written.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? written : written[..end]);
    }
}
