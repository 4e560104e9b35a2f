namespace NeuralMath.Tests.Distributed;

/// <summary>
/// Whether MPI's launcher is here. <c>.ci/run</c> installs Open MPI and sets NEURALMATH_REQUIRE_MPI=1, so that CI fails
/// rather than skips the data-parallel tests; elsewhere they skip with the reason.
/// </summary>
internal static class MpiTestSupport
{
    public static bool LauncherPresent { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Any(d => File.Exists(Path.Combine(d, OperatingSystem.IsWindows() ? "mpiexec.exe" : "mpiexec")));

    public static bool Required => Environment.GetEnvironmentVariable("NEURALMATH_REQUIRE_MPI") == "1";

    public static void SkipWithoutMpi()
    {
        if (!LauncherPresent && Required) Assert.Fail("NEURALMATH_REQUIRE_MPI=1 but mpiexec is not on PATH (install openmpi-bin).");
        Assert.SkipUnless(LauncherPresent, "mpiexec is not on PATH (install openmpi-bin to run the data-parallel tests).");
    }
}
