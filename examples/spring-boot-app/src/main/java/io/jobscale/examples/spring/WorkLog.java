package io.jobscale.examples.spring;

import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An application bean the jobs use: it records which sample jobs this instance finished. */
@Component
public class WorkLog {

    private final List<String> finished = new CopyOnWriteArrayList<>();

    public void finished(String jobName) {
        finished.add(jobName);
    }

    public List<String> finished() {
        return List.copyOf(finished);
    }
}
