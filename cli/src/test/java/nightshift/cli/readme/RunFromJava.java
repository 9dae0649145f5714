package nightshift.cli.readme;

// tag::run-from-java[]
import nightshift.jobs.JobRunner;
import nightshift.jobs.RunRequest;
import nightshift.jobs.RunResult;
import nightshift.store.Store;

// end::run-from-java[]
final class RunFromJava {
    private RunFromJava() {
    }

    static RunResult archive(Store store) {
        // tag::run-from-java[]
        RunResult result = JobRunner.create(store).build()
                .run(RunRequest.of("archive-news", ArchiveNews::new, "editor"));   // result.status(), .tid(), .note()
        // end::run-from-java[]
        return result;
    }
}
