package io.reelgate.generation;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One state change of a job, with its time and what caused it. */
@Entity
@Table(name = "video_job_transition")
public class JobTransition extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public long jobId;

    @Enumerated(EnumType.STRING)
    public JobState fromState;

    @Enumerated(EnumType.STRING)
    public JobState toState;

    public String detail;
    public Instant at;

    public static List<JobTransition> history(long jobId) {
        return list("jobId = ?1 order by id", jobId);
    }
}
