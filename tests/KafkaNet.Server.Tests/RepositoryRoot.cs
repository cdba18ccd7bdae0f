namespace KafkaNet.Server.Tests;

/// <summary>The checkout the tests run from, for tests that keep files of it in step with the code.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "KafkaNet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("KafkaNet.sln not found above " + AppContext.BaseDirectory);
    }
}
