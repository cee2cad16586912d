using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(VendorRisk.Benchmarks.QuestionnaireEvaluationBenchmarks).Assembly).Run(args);
