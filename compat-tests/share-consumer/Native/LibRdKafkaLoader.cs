using System.Reflection;
using System.Runtime.InteropServices;

namespace KafkaNet.Compat.ShareConsumer.Native;

/// <summary>
/// Resolves "librdkafka" to one of the builds librdkafka.redist ships for Linux, in the order Confluent.Kafka tries
/// them: the default build needs libsasl2, which a slim system lacks; the centos8 build links it statically; the
/// alpine build is for musl.
/// </summary>
internal static class LibRdKafkaLoader
{
    private static readonly string[] LinuxBuilds = ["librdkafka.so", "centos8-librdkafka.so", "alpine-librdkafka.so"];

    /// <summary>The file the bindings loaded, once they have loaded.</summary>
    public static string? LoadedFrom { get; private set; }

    public static void Register() => NativeLibrary.SetDllImportResolver(typeof(LibRdKafkaLoader).Assembly, Resolve);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "librdkafka" || !OperatingSystem.IsLinux())
        {
            return 0;
        }
        string architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string directory = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-" + architecture, "native");
        foreach (string build in LinuxBuilds)
        {
            string path = Path.Combine(directory, build);
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out nint library))
            {
                LoadedFrom = Path.GetRelativePath(AppContext.BaseDirectory, path);
                return library;
            }
        }
        return 0;
    }
}
